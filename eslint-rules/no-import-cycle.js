// Local ESLint rule: no import cycles across shared/src, server/src and client/src (issue 11.4).
// Type-only imports count too: a type-only cycle still means neither module can be read, changed or
// tested without the other (handlers.ts <-> socket-server.ts was one). The graph is read once per lint
// run from the files on disk (import-graph.js), so a long-running editor integration may report a
// cycle fixed since it started until it restarts; `pnpm lint` always starts fresh.
import path from 'node:path';
import { cycles, PACKAGES, resolveImport, ROOT } from './import-graph.js';

/** @type {import('eslint').Rule.RuleModule} */
const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles between the workspace modules (type-only imports included).' },
    schema: [],
    messages: { cycle: 'Import cycle: {{from}} imports {{to}}, which leads back here ({{size}} modules in the cycle: {{members}}).' },
  },
  create(context) {
    const settings = context.settings['schedhuler/import-cycle'] ?? {};
    const root = settings.root ?? ROOT;
    const packages = settings.packages ?? PACKAGES;
    const file = path.resolve(context.filename);
    const component = cycles(root, packages).get(file);
    if (!component) return {};
    const rel = (f) => path.relative(root, f);
    const check = (node) => {
      if (!node.source || typeof node.source.value !== 'string') return;
      const target = resolveImport(file, node.source.value, root, packages);
      if (!target || !component.has(target)) return;
      const members = [...component].map(rel).sort();
      context.report({
        node: node.source,
        messageId: 'cycle',
        data: { from: rel(file), to: rel(target), size: String(members.length), members: members.slice(0, 8).join(', ') + (members.length > 8 ? ', …' : '') },
      });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

export default { rules: { 'no-import-cycle': noImportCycle } };
