import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `main.js` of the production build made for this run (see `startNode(…, { build: true })`). */
    serverBuild: string;
  }
}

const SERVER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../server');

/**
 * Builds the server once per run with its production build script, into a folder of this run's
 * own (a developer's `server/dist` and other runs are left alone), and removes it afterwards.
 */
export default function setup(project: TestProject): () => void {
  const folder = `dist-test-${process.pid}`;
  execFileSync(process.execPath, ['build.mjs', folder], { cwd: SERVER, stdio: 'pipe' });
  project.provide('serverBuild', path.join(SERVER, folder, 'main.js'));
  return () => fs.rmSync(path.join(SERVER, folder), { recursive: true, force: true });
}
