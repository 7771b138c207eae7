import {PackportError} from '../errors.js';
import {mstrVendor} from './mstr/index.js';
import {vaultVendor} from './vault/index.js';
import {aepVendor} from './aep/index.js';
import type {Vendor} from './vendor.js';
import {mstrPromoteSource} from './mstr/promote-source.js';
import {vaultPromoteSource} from './vault/promote-source.js';
import {aepPromoteSource} from './aep/promote-source.js';
import {vendorNames, type VendorId} from './vendor-id.js';

// `promote` (its first half, on a source environment) is attached here, beside each vendor's import.
const vendors: Partial<Record<VendorId, Vendor>> = {
	mstr: {...mstrVendor, promote: mstrPromoteSource},
	vault: {...vaultVendor, promote: vaultPromoteSource},
	aep: {...aepVendor, promote: aepPromoteSource},
};

export const getVendor = (id: VendorId): Vendor => {
	const vendor = vendors[id];
	if (!vendor) {
		throw new PackportError('usage', `Imports into ${vendorNames[id]} are not available in this version of packport yet.`, {
			hint: 'MicroStrategy and Vault profiles work today; Adobe comes next.',
		});
	}

	return vendor;
};
