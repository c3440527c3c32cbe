/**
 * Every write endpoint of the API (server/src/routes/*.routes.ts, docs/api.md), plus the reads that take
 * instants or numbers in their query. Routes docs/api.md lists that the server does not serve yet are
 * fuzzed too, with generic bodies: they must answer 404, never 5xx.
 */
import { batchOccurrencesBody, createAssetBody, createBoardBody, createTaskBody, createTourBody, createUserBody, loginBody, memberBody, patchAssetBody, patchJobBody, patchOccurrenceBody, previewBody, resolveConflictBody, restoreOccurrenceBody } from '@schedhuler/shared';

/** Which id a path parameter takes. */
export type IdKind = 'board' | 'asset' | 'job' | 'occurrence' | 'conflict' | 'user';

export interface Endpoint {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path with `:board`, `:asset`… placeholders. */
  path: string;
  /** The shared schema of the body; `null` = the route reads no body; `'any'` = unknown to the server. */
  body: { _zod: { def: unknown } } | null | 'any';
  /** Query parameters to fuzz (instants, numbers, enums). */
  query?: Record<string, 'instant' | 'int' | 'status'>;
  /** Who normally calls it: admin-only routes are fuzzed as admin most of the time. */
  admin?: boolean;
  idempotent?: boolean;
  weight: number;
}

export const ENDPOINTS: Endpoint[] = [
  // Logins and user creation cost an scrypt each (~50–150 ms): fuzzed, but not too often.
  { name: 'auth.login', method: 'POST', path: '/api/auth/login', body: loginBody, weight: 1 },
  { name: 'auth.logout', method: 'POST', path: '/api/auth/logout', body: null, weight: 1 },
  { name: 'users.create', method: 'POST', path: '/api/users', body: createUserBody, admin: true, weight: 1 },
  { name: 'boards.create', method: 'POST', path: '/api/boards', body: createBoardBody, admin: true, weight: 2 },
  { name: 'members.put', method: 'PUT', path: '/api/boards/:board/members/:user', body: memberBody, weight: 3 },
  { name: 'members.delete', method: 'DELETE', path: '/api/boards/:board/members/:user', body: null, weight: 1 },
  { name: 'assets.create', method: 'POST', path: '/api/boards/:board/assets', body: createAssetBody, weight: 5 },
  { name: 'assets.patch', method: 'PATCH', path: '/api/assets/:asset', body: patchAssetBody, weight: 5 },
  { name: 'tours.create', method: 'POST', path: '/api/boards/:board/tours', body: createTourBody, idempotent: true, weight: 10 },
  { name: 'tasks.create', method: 'POST', path: '/api/boards/:board/tasks', body: createTaskBody, idempotent: true, weight: 10 },
  { name: 'jobs.patch', method: 'PATCH', path: '/api/jobs/:job', body: patchJobBody, weight: 10 },
  { name: 'jobs.delete', method: 'DELETE', path: '/api/jobs/:job', body: null, weight: 2 },
  { name: 'occurrences.patch', method: 'PATCH', path: '/api/occurrences/:occurrence', body: patchOccurrenceBody, weight: 10 },
  { name: 'occurrences.delete', method: 'DELETE', path: '/api/occurrences/:occurrence', body: null, weight: 2 },
  { name: 'conflicts.resolve', method: 'POST', path: '/api/conflicts/:conflict/resolve', body: resolveConflictBody, idempotent: true, weight: 6 },
  { name: 'schedules.preview', method: 'POST', path: '/api/schedules/preview', body: previewBody, weight: 8 },
  // Reads whose query carries instants and numbers (the occurrences range was a 500 with year 0).
  { name: 'boards.snapshot', method: 'GET', path: '/api/boards/:board', body: null, query: { from: 'instant', to: 'instant' }, weight: 2 },
  { name: 'occurrences.range', method: 'GET', path: '/api/boards/:board/occurrences', body: null, query: { from: 'instant', to: 'instant' }, weight: 2 },
  { name: 'events.replay', method: 'GET', path: '/api/boards/:board/events', body: null, query: { since: 'int', limit: 'int' }, weight: 1 },
  { name: 'conflicts.list', method: 'GET', path: '/api/boards/:board/conflicts', body: null, query: { status: 'status' }, weight: 1 },
  // In docs/api.md; answered by whatever serves them.
  // Undo and redo (issue 14): restore, batches, the caller's history.
  { name: 'occurrences.restore', method: 'POST', path: '/api/occurrences/:occurrence/restore', body: restoreOccurrenceBody, weight: 3 },
  { name: 'occurrences.batch', method: 'POST', path: '/api/boards/:board/occurrences/batch', body: batchOccurrencesBody, idempotent: true, weight: 6 },
  { name: 'boards.undo', method: 'POST', path: '/api/boards/:board/undo', body: null, weight: 3 },
  { name: 'boards.redo', method: 'POST', path: '/api/boards/:board/redo', body: null, weight: 2 },
  { name: 'boards.history', method: 'GET', path: '/api/boards/:board/history', body: null, query: { limit: 'int' }, weight: 1 },
  { name: 'feeds.create', method: 'POST', path: '/api/boards/:board/feeds', body: 'any', weight: 1 },
  { name: 'assets.import', method: 'POST', path: '/api/boards/:board/assets/import', body: 'any', weight: 1 },
];

export function routeLabel(e: Endpoint): string {
  return `${e.method} ${e.path}`;
}
