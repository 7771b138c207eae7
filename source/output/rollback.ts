/** How a MicroStrategy import with an undo package is rolled back (printed on every summary). */
export const rollbackCommand = (profile: string, runId: string) => `packport undo --profile ${profile} --run ${runId.slice(0, 8)}`;
