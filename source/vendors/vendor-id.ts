export const vendorIds = ['vault', 'mstr', 'aep'] as const;
export type VendorId = (typeof vendorIds)[number];

export const vendorNames: Record<VendorId, string> = {
	vault: 'Veeva Vault',
	mstr: 'MicroStrategy',
	aep: 'Adobe Experience Platform',
};

export const isVendorId = (value: unknown): value is VendorId =>
	typeof value === 'string' && (vendorIds as readonly string[]).includes(value);
