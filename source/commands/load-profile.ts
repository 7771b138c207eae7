import {usageError} from '../errors.js';
import type {ProfileStore} from '../config/profiles.js';
import type {Profile} from '../config/profile-types.js';
import {checkServiceUrl} from '../http/url-policy.js';

/** The named profile, with its URL checked again: config files can be edited by hand. */
export const loadProfile = (store: ProfileStore, name: string): Profile => {
	const profile = store.get(name);
	if (!profile) {
		const known = store.list().map(p => p.name);
		throw usageError(
			`No profile named '${name}'.`,
			known.length > 0 ? `Known profiles: ${known.join(', ')}.` : 'Create one with `packport profiles add NAME --vendor mstr --url …`.',
		);
	}

	return {...profile, url: checkServiceUrl(profile.url, `URL of profile '${name}'`)};
};
