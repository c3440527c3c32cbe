import { Validator } from '@seriousme/openapi-schema-validator';
import { boardSnapshot, errorResponse } from '@schedhuler/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { loadConfig } from '../config';
import type { HttpClient } from '../testing/http-client';
import { startTestServer, type TestServer } from '../testing/test-server';
import { API_ROUTES } from './api-routes';
import { buildOpenApiDocument, toOpenApiPath } from './document';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `GET /api/jobs/{jobId}` for every handler the app registered under /api (middleware, `ALL`, is not a route). */
function appRoutes(routes: readonly { method: string; path: string }[]): Set<string> {
  return new Set(routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/')).map((r) => `${r.method} ${toOpenApiPath(r.path)}`));
}

function documentedRoutes(doc: any): Set<string> {
  const out = new Set<string>();
  for (const [path, item] of Object.entries<any>(doc.paths)) for (const m of Object.keys(item)) if (METHODS.includes(m)) out.add(`${m.toUpperCase()} ${path}`);
  return out;
}

const difference = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort();

function refsOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refsOf(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsOf(v, out);
    }
  }
  return out;
}

let t: TestServer;
let admin: HttpClient;
let registered: Set<string>;

beforeAll(async () => {
  t = await startTestServer({}, 'openapi');
  // The same wiring as the running server (plugins' route mounts included), to list its routes.
  registered = appRoutes(createApp({ orm: t.orm, services: t.services, config: loadConfig({}) }).routes);
  admin = await t.client('admin');
});
afterAll(() => t?.stop());

describe('GET /api/openapi.json', () => {
  it('is served without a session and is a valid OpenAPI 3.1 document', async () => {
    const res = await fetch(`${t.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await res.json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc).toEqual(buildOpenApiDocument());
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // Every reference points at a schema the document has.
    const schemas = new Set(Object.keys(doc.components.schemas).map((n) => `#/components/schemas/${n}`));
    for (const ref of refsOf(doc)) expect(schemas, ref).toContain(ref);
  });

  it('documents every /api route the app registers, and nothing it does not', () => {
    expect(registered.size).toBeGreaterThan(25);
    const documented = documentedRoutes(buildOpenApiDocument());
    expect(difference(registered, documented), 'routes the app serves but the OpenAPI document lacks (add them to openapi/api-routes.ts)').toEqual([]);
    expect(difference(documented, registered), 'documented routes the app does not serve').toEqual([]);
  });

  it('the comparison notices a route missing from the table', () => {
    const without = API_ROUTES.filter((r) => !(r.method === 'patch' && r.path === '/api/jobs/:jobId'));
    const full = new Set(difference(registered, documentedRoutes(buildOpenApiDocument())));
    expect(difference(registered, documentedRoutes(buildOpenApiDocument(without))).filter((r) => !full.has(r))).toEqual(['PATCH /api/jobs/{jobId}']);
  });

  it('gives each route its request schema, answers, error codes and security', () => {
    const doc = buildOpenApiDocument() as any;
    const create = doc.paths['/api/boards/{boardId}/tasks'].post;
    expect(create.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreateTaskBody' });
    expect(create.security).toEqual([{ session: [] }]);
    expect(Object.keys(create.responses).sort()).toEqual(['200', '201', '400', '401', '403', '404', '409', '413', '415', '422', '500', '503']);
    expect(create.responses['409'].description).toMatch(/`conflict`/);
    expect(create.parameters.map((p: any) => `${p.in}:${p.name}`)).toEqual(['path:boardId', 'header:Idempotency-Key']);
    const body = doc.components.schemas.CreateTaskBody;
    expect(body.required).toEqual(expect.arrayContaining(['name', 'assetId', 'timezone', 'planDurationMin']));
    // Defaults make a field optional for the sender.
    expect(body.required).not.toContain('priority');
    expect(body.properties.priority).toMatchObject({ default: 'medium', enum: ['low', 'medium', 'high'] });
    const events = doc.paths['/api/boards/{boardId}/events'].get;
    expect(events.parameters.map((p: any) => p.name)).toEqual(['boardId', 'since', 'limit']);
    expect(doc.paths['/api/auth/login'].post.security).toEqual([]);
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'sid' });
  });

  it('the documented answers match what the server really sends', async () => {
    const boardId = (await admin.get('/api/boards')).body.boards[0].id as string;
    const adminId = (await admin.get('/api/auth/me')).body.user.id as string;
    const checked: string[] = [];
    for (const route of API_ROUTES) {
      if (route.method !== 'get' || route.auth !== 'session' || !route.ok[0]?.body || route.path.includes(':jobId') || route.path.includes(':occurrenceId')) continue;
      const path = route.path.replace(':boardId', boardId).replace(':userId', adminId);
      const res = await admin.get(path);
      expect(res.status, path).toBe(200);
      const parsed = route.ok[0].body.schema.safeParse(res.body);
      expect(parsed.success ? [] : parsed.error.issues, path).toEqual([]);
      checked.push(route.path);
    }
    expect(checked).toContain('/api/boards/:boardId');
    expect(checked.length).toBeGreaterThan(8);
    const snap = boardSnapshot.parse((await admin.get(`/api/boards/${boardId}`)).body);
    const job = await admin.get(`/api/jobs/${snap.jobs[0]!.id}`);
    const jobRoute = API_ROUTES.find((r) => r.method === 'get' && r.path === '/api/jobs/:jobId')!;
    expect(jobRoute.ok[0]!.body!.schema.safeParse(job.body).success).toBe(true);
    const missing = await admin.get(`/api/jobs/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(errorResponse.safeParse(missing.body).success).toBe(true);
  });
});

describe('GET /api/docs', () => {
  it('serves an HTML reference without a session whose scripts and styles come from this app', async () => {
    const res = await fetch(`${t.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    // No CDN, and no inline script (the page must run under script-src 'self').
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(['/api/docs/swagger-ui.css', '/api/docs/swagger-ui-bundle.js', '/api/docs/init.js']);
    const types: Record<string, RegExp> = { css: /^text\/css/, js: /^text\/javascript/ };
    for (const asset of assets) {
      const a = await fetch(`${t.url}${asset}`);
      expect(a.status, asset).toBe(200);
      expect(a.headers.get('content-type'), asset).toMatch(types[asset.split('.').pop()!]!);
      const text = await a.text();
      if (asset.endsWith('init.js')) expect(text).toContain("url: '/api/openapi.json'");
      else expect(text.length, asset).toBeGreaterThan(100_000);
    }
  });

  it('serves only the renderer files it names', async () => {
    for (const name of ['package.json', '..%2F..%2Fpackage.json', 'index.html', 'swagger-ui-bundle.js.map']) {
      const res = await fetch(`${t.url}/api/docs/${name}`);
      expect(res.status, name).toBe(404);
      expect(((await res.json()) as any).error.code).toBe('not_found');
    }
  });
});
