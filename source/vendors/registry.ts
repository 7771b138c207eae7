import {PackportError} from '../errors.js';
import {mstrVendor} from './mstr/index.js';
import {vaultVendor} from './vault/index.js';
import {aepVendor} from './aep/index.js';
import type {Vendor} from './vendor.js';
import {vendorNames, type VendorId} from './vendor-id.js';

const vendors: Partial<Record<VendorId, Vendor>> = {mstr: mstrVendor, vault: vaultVendor, aep: aepVendor};

export const getVendor = (id: VendorId): Vendor => {
	const vendor = vendors[id];
	if (!vendor) {
		throw new PackportError('usage', `Imports into ${vendorNames[id]} are not available in this version of packport yet.`, {
			hint: 'MicroStrategy and Vault profiles work today; Adobe comes next.',
		});
	}

	return vendor;
};
