import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../testing/global-setup';
import { EmbeddedPostgres } from './embedded';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'schedhuler-embedded-'));
fs.chmodSync(base, 0o755);
const dir = path.join(base, 'pg');
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

async function query(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

it('initialises once, keeps data across restarts, and recovers from a server left running by a crashed process', async () => {
  const port = await freePort();
  const first = new EmbeddedPostgres({ dir, port, database: 'app' });
  const url = await first.start();
  await query(url, 'create table kept (v int); insert into kept values (42)');

  // A crashed Node process never calls stop(): its postmaster keeps running and owns the folder.
  const afterCrash = new EmbeddedPostgres({ dir, port, database: 'app' });
  const url2 = await afterCrash.start();
  expect(await query(url2, 'select v from kept')).toEqual([{ v: 42 }]);
  expect(await query(url2, "select name from pg_available_extensions where name = 'btree_gist'")).toHaveLength(1);
  await afterCrash.stop();
  expect(fs.existsSync(path.join(dir, 'postmaster.pid'))).toBe(false);
});
