import type {VendorId} from '../vendors/vendor-id.js';

/** A saved connection profile. Never holds a secret: those live in the secret store. */
export type Profile = {
	name: string;
	vendor: VendorId;
	url: string;
	username?: string;
	// vault
	apiVersion?: string;
	// mstr
	projectId?: string;
	loginMode?: number;
	// aep
	imsUrl?: string;
	clientId?: string;
	orgId?: string;
	sandbox?: string;
	targetSandbox?: string;
	scopes?: string;
};
