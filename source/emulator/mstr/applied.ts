/**
 * What each finished import applied in its project, object by object, with the action the
 * Intelligence Server used (the row's own, or the package's default for a row without one). A real
 * server shows this as the objects' state in the project; the emulator keeps the record so tests
 * and the demo can check that an action chosen on a source project is the one applied on the target.
 */
import type {MmpDefinition} from '../../packages/mmp-format.js';
import {effectiveAction} from './packages.js';

export type AppliedImport = {
	importId: string;
	/** The project imported into; undefined for a configuration package (no project). */
	projectId?: string;
	objects: Array<{id: string; name: string; type: number; action: string}>;
};

/** The emulator's holder and import ids are base64 of `{projectId}:{guid}`; all zeros stand for no project. */
const projectOf = (holderId: string): string | undefined => {
	const project = Buffer.from(holderId, 'base64').toString('utf8').split(':')[0] ?? '';
	return /^[0-9A-F]{32}$/.test(project) && !/^0+$/.test(project) ? project : undefined;
};

export const createAppliedLog = () => {
	const applied: AppliedImport[] = [];
	const seen = new Set<string>();
	return {
		/** Called whenever an import reads as IMPORTED; recorded once per import. */
		record(job: {id: string; holderId: string; definition: MmpDefinition}) {
			if (seen.has(job.id)) return;
			seen.add(job.id);
			const {definition} = job;
			applied.push({
				importId: job.id,
				projectId: projectOf(job.holderId),
				objects: definition.content.map(object => ({id: object.id, name: object.name, type: object.type, action: effectiveAction(definition, object)})),
			});
		},
		list: (): AppliedImport[] => structuredClone(applied),
	};
};
