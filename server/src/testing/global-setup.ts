import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { EmbeddedPostgres } from '../db/embedded';
import { freePort } from './free-port';

// The ProvidedContext augmentation lives in test-db.ts.
import type {} from './test-db';

export { freePort };

/**
 * One PostgreSQL for the whole run: DATABASE_URL when set, otherwise a real embedded server
 * in a temporary folder. Each test file then creates and drops its own database on it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.DATABASE_URL) {
    project.provide('adminDatabaseUrl', process.env.DATABASE_URL);
    return async () => {};
  }
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'schedhuler-test-'));
  fs.chmodSync(base, 0o755); // mkdtemp makes 0700 folders; the postgres user must enter it
  const pg = new EmbeddedPostgres({ dir: path.join(base, 'pg'), port: await freePort() });
  const url = await pg.start();
  project.provide('adminDatabaseUrl', url);
  return async () => {
    await pg.stop();
    fs.rmSync(base, { recursive: true, force: true });
  };
}
