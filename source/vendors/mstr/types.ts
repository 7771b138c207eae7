/** Shapes of the MicroStrategy package-holder flow (vendor-apis.md part 2). */

export const mstrActions = [
	'use_existing',
	'replace',
	'keep_both',
	'use_newer',
	'use_older',
	'force_replace',
	'delete',
] as const;
export type MstrAction = (typeof mstrActions)[number];

export const isMstrAction = (value: unknown): value is MstrAction =>
	typeof value === 'string' && (mstrActions as readonly string[]).includes(value);

export type MstrSettings = {
	defaultAction?: string;
	updateSchema?: string[] | null;
	aclOnReplacingObjects?: string | null;
	aclOnNewObjects?: string[] | null;
};

/** One row of the package definition (`content[]` of GET /api/packages/{id}?showContent=true). */
export type MstrObject = {
	id: string;
	name: string;
	type: number;
	/** From the object-type table (vendor-apis.md 2.6), e.g. "Attribute"; "Type 99" when unknown. */
	typeName: string;
	version?: string;
	/** The row's action on the server: its own, or (when `inherited`) the package's default action. */
	action: string;
	/** The row carries no action of its own (dependents): it follows `settings.defaultAction`. */
	inherited?: boolean;
	dateCreated?: string;
	dateModified?: string;
	includeDependents?: boolean;
	level?: string;
	ownerId?: string;
};

export type MstrReview = {
	vendor: 'mstr';
	/** The holder id (opaque, base64-like; URL-encode in paths). */
	holderId: string;
	status: string;
	/** `project`, `configuration` or `project_security` when the server says; else undefined. */
	packageType?: string;
	settings: MstrSettings;
	objects: MstrObject[];
	/** Set when the server refused a change and the review is shown again to decide. */
	notice?: string;
	/** The server will not accept action changes: show them read-only. */
	actionsLocked?: boolean;
};

export type MstrChoices = {
	vendor: 'mstr';
	/** New default action, or undefined to keep the package's own. */
	defaultAction?: MstrAction;
	/** Per-object overrides, by object id. Only entries that differ from the package. */
	actions: Record<string, MstrAction>;
	generateUndo: boolean;
};

/** Headless flags (`--default-action`, `--action ID=A`, `--no-undo`, `--undo-out`). */
export type MstrOptions = {
	defaultAction?: MstrAction;
	actions?: Record<string, MstrAction>;
	generateUndo?: boolean;
	undoOut?: string;
	/** `delete` actions the package itself carries are imported only when the command line says so. */
	allowDelete?: boolean;
};
