/**
 * Text from servers reaches the screen without terminal control sequences, and file names from
 * servers (Vault logs) cannot leave the folder packport chose.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startFaultEnv, type FaultEnv} from './fault-env.js';

let env: FaultEnv | undefined;
afterEach(async () => {
	await env?.emulator.close();
	env = undefined;
});

/** Every file below `folder`; the temp folder is shared with tests running beside this one, whose folders come and go. */
const listFiles = (folder: string): string[] => {
	let entries: fs.Dirent[];
	try {
		entries = fs.readdirSync(folder, {withFileTypes: true});
	} catch {
		return [];
	}

	return entries.flatMap(entry => (entry.isDirectory() ? listFiles(path.join(folder, entry.name)) : [path.join(folder, entry.name)]));
};

describe('hostile server text (Vault)', () => {
	it('strips escape sequences from names and keeps log files inside NAME-vault-logs', async () => {
		env = await startFaultEnv('vault', ['vault-hostile-names']);
		const before = new Set(listFiles(path.dirname(env.work)).filter(file => file.includes('escaped')));
		const plain = await env.run(env.importArgs('--deploy').filter(arg => arg !== '--json'));
		expect(plain.code, plain.stderr).toBe(0);
		expect(plain.stdout + plain.stderr).not.toMatch(/\u001B|\u0007/);
		const json = await env.run(env.importArgs('--deploy'));
		const result = JSON.parse(json.stdout);
		expect(result.details.packageName).not.toMatch(/\u001B|\u0007/);
		const logs = path.join(env.work, 'multi-step-vault-logs');
		const saved = listFiles(logs);
		expect(saved.length).toBeGreaterThan(0);
		for (const file of saved) expect(path.dirname(file)).toBe(logs);
		// Nothing landed beside the work folder or above it.
		const after = listFiles(path.dirname(env.work)).filter(file => file.includes('escaped') && !file.startsWith(logs));
		expect(after.filter(file => !before.has(file))).toEqual([]);
	});
});
