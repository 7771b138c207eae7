import {PackportError} from '../errors.js';
import {mstrVendor} from './mstr/index.js';
import type {Vendor} from './vendor.js';
import {vendorNames, type VendorId} from './vendor-id.js';

const vendors: Partial<Record<VendorId, Vendor>> = {mstr: mstrVendor};

export const getVendor = (id: VendorId): Vendor => {
	const vendor = vendors[id];
	if (!vendor) {
		throw new PackportError('usage', `Imports into ${vendorNames[id]} are not available in this version of packport yet.`, {
			hint: 'MicroStrategy (mstr) profiles work today; Vault and Adobe come next.',
		});
	}

	return vendor;
};
