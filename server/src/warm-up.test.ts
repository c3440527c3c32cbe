import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from './testing/test-server';
import { warmUp } from './warm-up';

let t: TestServer;
let dist: string;

beforeAll(async () => {
  // A client build of its own: a page, a script worth compressing, and an image that is not asked for.
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'warm-up-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), `<!doctype html><title>x</title>${'<p>board</p>'.repeat(200)}`);
  fs.writeFileSync(path.join(dist, 'assets', 'app-abc.js'), `export const x = ${JSON.stringify('board '.repeat(2000))};`);
  fs.writeFileSync(path.join(dist, 'assets', 'logo-abc.png'), Buffer.alloc(2000));
  t = await startTestServer({ clientDist: dist }, 'warmup');
});
afterAll(async () => {
  await t?.stop();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('warm-up after a start (issue 12)', () => {
  it('asks for the built page and scripts (not the image) as a browser would, and gets them brotli-compressed', async () => {
    const fetched = vi.spyOn(globalThis, 'fetch');
    try {
      await warmUp(t, dist);
      const asked = await Promise.all(
        fetched.mock.calls.map(async ([url, init], i) => {
          const res = (await fetched.mock.results[i]!.value) as Response;
          return { path: new URL(String(url)).pathname, coding: new Headers(init?.headers).get('accept-encoding'), status: res.status, sent: res.headers.get('content-encoding') };
        }),
      );
      expect(asked.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
        { path: '/', coding: 'br', status: 200, sent: 'br' },
        { path: '/assets/app-abc.js', coding: 'br', status: 200, sent: 'br' },
      ]);
    } finally {
      fetched.mockRestore();
    }
  });

  it('a failure is logged, not thrown: the server serves as it would have', async () => {
    const fetched = vi.spyOn(globalThis, 'fetch').mockRejectedValueOnce(new TypeError('fetch failed'));
    try {
      await expect(warmUp(t, dist)).resolves.toBeUndefined();
      expect(fetched).toHaveBeenCalled();
    } finally {
      fetched.mockRestore();
    }
    const planner = await t.client('planner1');
    expect((await planner.get('/api/boards')).status).toBe(200);
  });
});
