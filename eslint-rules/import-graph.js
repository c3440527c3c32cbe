// The module graph of shared/src, server/src and client/src, read with the TypeScript parser (no type
// checking), and its cycles. Built once per lint run and shared by every file the rule visits.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
/** The workspace packages whose imports are followed, by package name → folder (relative to the root). */
export const PACKAGES = { '@schedhuler/shared': 'shared/src', '@schedhuler/server': 'server/src', '@schedhuler/client': 'client/src' };
const SOURCE = /\.(ts|svelte)$/;

function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function resolveFile(base) {
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (SOURCE.test(candidate) && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** A specifier inside the workspace to its file; undefined for a package from node_modules. */
export function resolveImport(from, specifier, root = ROOT, packages = PACKAGES) {
  if (specifier.startsWith('.')) return resolveFile(path.resolve(path.dirname(from), specifier));
  for (const [name, dir] of Object.entries(packages)) {
    if (specifier === name) return resolveFile(path.join(root, dir, 'index'));
    if (specifier.startsWith(`${name}/`)) return resolveFile(path.join(root, dir, specifier.slice(name.length + 1)));
  }
  return undefined;
}

/** Every import and re-export, type-only ones included: a type-only cycle still ties two modules' designs together. */
function importsOf(file) {
  let text = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.svelte')) {
    text = [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
  }
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found = [];
  for (const statement of source.statements) {
    const spec = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) ? statement.moduleSpecifier : undefined;
    if (spec && ts.isStringLiteral(spec)) found.push(spec.text);
  }
  return found;
}

/** Tarjan's strongly connected components; a component of two or more files is a cycle. */
function cyclicComponents(graph) {
  let index = 0;
  const indexOf = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  const visit = (v) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indexOf.get(w)));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.has(v)) components.push(component);
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return components;
}

// One graph per lint run (per root): every file the rule visits asks the same question.
const cache = new Map();

/** file → its cyclic component (as a Set of files), for the files that are in one. */
export function cycles(root = ROOT, packages = PACKAGES) {
  const key = `${root}\0${JSON.stringify(packages)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const graph = new Map();
  for (const dir of Object.values(packages)) {
    const full = path.join(root, dir);
    if (!fs.existsSync(full)) continue;
    for (const file of walk(full, [])) {
      const targets = new Set();
      for (const spec of importsOf(file)) {
        const target = resolveImport(file, spec, root, packages);
        if (target) targets.add(target);
      }
      graph.set(file, targets);
    }
  }
  const byFile = new Map();
  for (const component of cyclicComponents(graph)) {
    const members = new Set(component);
    for (const file of component) byFile.set(file, members);
  }
  cache.set(key, byFile);
  return byFile;
}
