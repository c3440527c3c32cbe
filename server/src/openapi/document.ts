import { ERROR_STATUS, conflictErrorResponse, errorResponse, type ErrorCode } from '@schedhuler/shared';
import { z } from 'zod';
import { SESSION_COOKIE } from '../http/session';
import { API_ROUTES, RESPONSE_COMPONENTS, type ApiRoute, type Named } from './api-routes';

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** `/api/jobs/:jobId` → `/api/jobs/{jobId}`. */
export const toOpenApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * Converts named schemas with zod's own JSON Schema output (draft 2020-12, the dialect of OpenAPI
 * 3.1); nested schemas that are named too become `$ref`s. Requests are described as they may be
 * sent (`io: input`: defaults make a field optional), answers as they are produced.
 */
function components(list: Named[], io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  const seen = new Map<string, z.ZodType>();
  for (const { name, schema } of list) {
    const before = seen.get(name);
    if (before && before !== schema) throw new Error(`two different schemas are both named ${name}`);
    if (!before) registry.add(schema, { id: name });
    seen.set(name, schema);
  }
  const { schemas } = z.toJSONSchema(registry, {
    io,
    uri: (id) => `#/components/schemas/${id}`,
    // Refinements (cross-field rules) have no JSON Schema form: they are the server's to check.
    unrepresentable: 'any',
    override: ({ jsonSchema }) => {
      // Answers may carry more fields than the documented ones (e.g. an occurrence's job name).
      if (io === 'output' && jsonSchema.type === 'object' && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
    },
  });
  const out: Record<string, Json> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const { $schema: _dialect, $id: _id, ...rest } = schema as Json;
    out[name] = rest;
  }
  return out;
}

function queryParameters(schema: z.ZodType): Json[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: json.required?.includes(name) ?? false, schema: s }));
}

/** Codes every route of its kind can answer, beside the ones the table names. */
function errorCodes(route: ApiRoute): ErrorCode[] {
  const codes = new Set<ErrorCode>(route.errors);
  if (route.auth === 'session') codes.add('unauthenticated');
  if (route.body) for (const c of ['validation_failed', 'malformed_json', 'unsupported_media_type', 'payload_too_large'] as const) codes.add(c);
  if (route.rawBody) for (const c of ['validation_failed', 'unsupported_media_type', 'payload_too_large'] as const) codes.add(c);
  if (route.query) codes.add('validation_failed');
  // Mutating requests from a foreign Origin are refused.
  if (route.method !== 'get') codes.add('forbidden');
  codes.add('internal');
  codes.add('unavailable');
  return [...codes];
}

function operation(route: ApiRoute): Json {
  const params: Json[] = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: name === 'file' ? { type: 'string' } : { type: 'string', format: 'uuid' },
  }));
  if (route.query) params.push(...queryParameters(route.query));
  if (route.idempotent) {
    params.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Replays the first answer (with `Idempotent-Replayed: true`) for a repeated key; another body under the same key is a 422.',
      schema: { type: 'string', maxLength: 200 },
    });
  }
  const responses: Json = {};
  for (const r of route.ok) {
    const content = r.body ? { 'application/json': { schema: ref(r.body.name) } } : r.contentType ? { [r.contentType]: {} } : undefined;
    responses[String(r.status)] = { description: r.description, ...(content ? { content } : {}) };
  }
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodes(route)) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const schema = codes.includes('conflict') ? { oneOf: [ref('ConflictError'), ref('Error')] } : ref('Error');
    responses[String(status)] = { description: `error code ${codes.map((c) => `\`${c}\``).join(', ')}`, content: { 'application/json': { schema } } };
  }
  const description = [route.role ? `Needs the role **${route.role}**.` : '', route.auth === 'public' ? 'No session needed.' : ''].filter(Boolean).join(' ');
  return {
    operationId: `${route.method}${route.path.replace(/^\/api/, '').replace(/[/:.]+(\w)/g, (_, ch: string) => ch.toUpperCase())}`,
    summary: route.summary,
    ...(description ? { description } : {}),
    tags: [route.tag],
    security: route.auth === 'session' ? [{ session: [] }] : [],
    ...(params.length ? { parameters: params } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(route.body.name) } } } } : {}),
    ...(route.rawBody ? { requestBody: { required: true, description: route.rawBody.description, content: { [route.rawBody.contentType]: { schema: { type: 'string' } } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of every `/api` route, built from the route table and the shared zod schemas. */
export function buildOpenApiDocument(routes: readonly ApiRoute[] = API_ROUTES): Json {
  const requestSchemas = components(
    routes.flatMap((r) => (r.body ? [r.body] : [])),
    'input',
  );
  const responseSchemas = components(
    [
      ...RESPONSE_COMPONENTS,
      { name: 'Error', schema: errorResponse },
      { name: 'ConflictError', schema: conflictErrorResponse },
      ...routes.flatMap((r) => r.ok.flatMap((o) => (o.body ? [o.body] : []))),
    ],
    'output',
  );
  for (const name of Object.keys(requestSchemas)) if (name in responseSchemas) throw new Error(`schema name ${name} is used for a request and an answer`);
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const path = toOpenApiPath(route.path);
    if (paths[path]?.[route.method]) throw new Error(`${route.method.toUpperCase()} ${route.path} is in the route table twice`);
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'schedhuler API',
      version: '1',
      description: 'Generated from the shared zod schemas and the route table in `server/src/openapi/api-routes.ts`. Errors are `{error: {code, message, details?}}`; times are ISO-8601 instants with an offset.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { ...requestSchemas, ...responseSchemas },
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by `POST /api/auth/login`.' } },
    },
  };
}
