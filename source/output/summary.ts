import {rollbackCommand} from './rollback.js';
import type {ImportResult} from '../engine/result.js';

/** The package as the user knows it: its file, or for a server-side package its name once looked up. */
const packageWords = (result: ImportResult): string => {
	const looked = typeof result.details.packageName === 'string' && result.details.packageName ? result.details.packageName : undefined;
	return result.package?.path ?? looked ?? result.package?.name ?? result.package?.id ?? 'the package';
};

const headline = (result: ImportResult): string => {
	const where = `${packageWords(result)} into profile '${result.profile}'`;
	switch (result.exitCode) {
		case 0:
			if (result.status === 'deployed') return result.package?.path ? `✔ Imported and deployed ${where}.` : `✔ Deployed inbound package ${packageWords(result)} in profile '${result.profile}'.`;
			return result.rollbackOf ? `✔ Rolled back run ${result.rollbackOf.slice(0, 8)}: its undo package imported into profile '${result.profile}'.` : `✔ Imported ${where}.`;
		case 4:
			return `⚠ Imported ${where}, with warnings.`;
		case 5:
			return `? Outcome unknown for ${where}.`;
		case 2:
			// Bad input (a path, a name no package has, an option): nothing was refused by anyone yet.
			return `✖ Nothing imported: ${packageWords(result)} could not be used (the error says why); no import was asked of the server.`;
		case 3:
			if (result.error?.code === 'PREFLIGHT_DENIED') return `✖ Nothing imported: permissions missing in the target sandbox for profile '${result.profile}'.`;
			return `✖ Nothing imported: could not connect or sign in with profile '${result.profile}'.`;
		case 130:
			return `- Not imported: ${result.error?.message ?? 'stopped before the import started.'}`;
		default:
			// No job: the server turned a step down before any import ran.
			return result.jobId ? `✖ Import of ${where} failed.` : `✖ Nothing imported: the server refused ${packageWords(result)} before the import started.`;
	}
};

/** The error and its hint, for stderr. */
export const formatError = (result: ImportResult): string =>
	result.error && result.exitCode !== 130 ? `Error: ${result.error.message}\n${result.error.hint ? `Hint: ${result.error.hint}\n` : ''}` : '';

/** The closing lines of a human-readable run (stdout); the error goes to stderr (formatError). */
export const formatSummary = (result: ImportResult): string => {
	const lines = [headline(result)];
	if (result.jobId) lines.push(`  Job: ${result.jobId}`);
	if (result.undoPackage) lines.push(`  Undo package: ${result.undoPackage}${result.runId ? ` (roll back with: ${rollbackCommand(result.profile, result.runId)})` : ''}`);
	if (typeof result.details.logFolder === 'string') lines.push(`  Logs: ${result.details.logFolder}`);
	// Vault: imported, not deployed — the inbound package waits for its deploy.
	const inbound = result.vendor === 'vault' && typeof result.details.packageId === 'string' && result.details.packageId && !result.details.deploy ? result.details.packageId : undefined;
	if (inbound && (result.exitCode === 0 || result.status === 'imported')) lines.push(`  Deploy later: packport deploy --profile ${result.profile} --package-id ${inbound}`);
	const cleanup = result.details.cleanup as {done?: string[]} | undefined;
	if (cleanup?.done?.length) lines.push(`  Cleanup: ${cleanup.done.join(', ')}`);
	for (const warning of result.warnings) lines.push(`  Warning: ${warning}`);
	for (const toDo of (result.details.toDos as string[] | undefined) ?? []) lines.push(`  To do: ${toDo}`);
	return `${lines.join('\n')}\n`;
};
