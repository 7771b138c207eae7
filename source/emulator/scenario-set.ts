/**
 * The active scenarios as every emulator route sees them. Its own module so that faults.ts (which
 * reads it) and scenarios.ts (which lists the faults) do not import each other.
 */
export type Scenarios = {has(name: string): boolean};
