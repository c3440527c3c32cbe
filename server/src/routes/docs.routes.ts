import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Hono } from 'hono';
import { AppError } from '../errors';
import type { AppEnv } from '../http/types';
import { buildOpenApiDocument } from '../openapi/document';

const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>schedhuler API reference</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

// A file of its own, not an inline script: the page must run under `script-src 'self'`.
// validatorUrl null: Swagger UI would otherwise send the document to an outside validator.
const INIT_JS = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
});
`;

/** The renderer's files, served from its npm package (no CDN); anything else is a 404. */
const DIST_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

function distDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

/**
 * `GET /api/openapi.json` and the reference page `GET /api/docs` (Swagger UI). Public: mounted
 * before the session middleware, they read no body and touch no database.
 */
export function docsRoutes() {
  const r = new Hono<AppEnv>();
  let document: string | undefined;
  const files = new Map<string, Buffer>();
  r.get('/openapi.json', (c) => {
    document ??= JSON.stringify(buildOpenApiDocument());
    return c.body(document, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });
  r.get('/docs', (c) => c.html(DOCS_HTML));
  r.get('/docs/:file', (c) => {
    const name = c.req.param('file');
    if (name === 'init.js') return c.body(INIT_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
    const type = Object.hasOwn(DIST_FILES, name) ? DIST_FILES[name] : undefined;
    if (!type) throw new AppError('not_found', `no documentation file ${JSON.stringify(name.slice(0, 100))}`);
    let bytes = files.get(name);
    if (!bytes) files.set(name, (bytes = fs.readFileSync(path.join(distDir(), name))));
    return c.body(new Uint8Array(bytes), 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=3600' });
  });
  return r;
}
