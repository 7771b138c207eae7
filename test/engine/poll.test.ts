import {describe, expect, it} from 'vitest';
import {pollUntil} from '../../source/engine/poll.js';
import {PackportError} from '../../source/errors.js';

describe('pollUntil', () => {
	it('polls until done, reporting the next poll time', async () => {
		let calls = 0;
		const seen: number[] = [];
		const value = await pollUntil({
			fetch: async () => ++calls,
			isDone: count => count === 3,
			intervalMs: 5,
			signal: new AbortController().signal,
			onPoll: (count, next) => seen.push(count) && expect(next).toBeGreaterThan(Date.now() - 1),
		});
		expect(value).toBe(3);
		expect(seen).toEqual([1, 2]);
	});

	it('rides out transient failures (5xx, 429, connection) and gives up on others', async () => {
		let calls = 0;
		const value = await pollUntil({
			async fetch() {
				calls++;
				if (calls === 1) throw new PackportError('server', '503', {status: 503});
				if (calls === 2) throw new PackportError('connect', 'reset');
				if (calls === 3) throw new PackportError('server', '429', {status: 429});
				return 'done';
			},
			isDone: () => true,
			intervalMs: 1,
			signal: new AbortController().signal,
		});
		expect(value).toBe('done');
		await expect(
			pollUntil({
				fetch: async () => {
					throw new PackportError('server', 'bad request', {status: 400});
				},
				isDone: () => true,
				intervalMs: 1,
				signal: new AbortController().signal,
			}),
		).rejects.toThrow('bad request');
	});

	it('stops with the abort reason when the signal fires while waiting', async () => {
		const controller = new AbortController();
		const reason = new Error('deadline');
		setTimeout(() => controller.abort(reason), 20);
		await expect(pollUntil({fetch: async () => 'running', isDone: () => false, intervalMs: 10_000, signal: controller.signal})).rejects.toBe(reason);
	});
});
