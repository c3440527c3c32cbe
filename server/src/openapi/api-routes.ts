/**
 * Every `/api` route in one table: what the OpenAPI document is generated from. A route the app
 * serves but this table lacks (or the other way round) fails `openapi.test.ts`, so a new route
 * cannot ship undocumented.
 */
import { z } from 'zod';
import {
  boardEventsQuery,
  adminUserDto,
  changePasswordBody,
  patchUserBody,
  resetPasswordBody,
  sessionDto,
  assetDto,
  assetImportResult,
  batchOccurrencesBody,
  batchOccurrencesResponse,
  historyQuery,
  historyResponse,
  redoResponse,
  restoreOccurrenceBody,
  undoResponse,
  createdFeedDto,
  createFeedBody,
  feedDto,
  occurrencesCsvQuery,
  boardDto,
  boardEventsResponse,
  boardListItem,
  boardRangeQuery,
  boardSnapshot,
  boardSnapshotQuery,
  occurrenceList,
  compactSnapshot,
  conflictDto,
  conflictListQuery,
  dismissConflictsBody,
  dismissConflictsResponse,
  createAssetBody,
  createBoardBody,
  directoryUser,
  createTaskBody,
  createTourBody,
  createUserBody,
  jobDto,
  jobWithOccurrences,
  loginBody,
  meResponse,
  memberBody,
  memberDto,
  occurrenceDto,
  patchAssetBody,
  patchBoardBody,
  patchJobBody,
  patchOccurrenceBody,
  previewBody,
  previewOk,
  resolveConflictBody,
  userDirectoryQuery,
  userDto,
  type ErrorCode,
} from '@schedhuler/shared';

/** A schema with the name it has under `components.schemas`. */
export interface Named {
  name: string;
  schema: z.ZodType;
}
const named = (name: string, schema: z.ZodType): Named => ({ name, schema });

export interface ApiResponse {
  status: number;
  description: string;
  /** JSON body; absent for 204 and for non-JSON answers (`contentType`). */
  body?: Named;
  contentType?: string;
}

export interface ApiRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono's form, `/api/jobs/:jobId`. */
  path: string;
  tag: string;
  summary: string;
  /** `session`: the `sid` cookie of a sign-in; the text says which role the route needs. */
  auth: 'session' | 'public';
  role?: string;
  body?: Named;
  /** A body that is not JSON (`text/csv`): its media type and what it holds. */
  rawBody?: { contentType: string; description: string };
  query?: z.ZodType;
  /** Honours `Idempotency-Key`. */
  idempotent?: boolean;
  ok: ApiResponse[];
  /** Codes particular to the route; the generic ones (body, session, server) are added by the generator. */
  errors: ErrorCode[];
}

/** Reused response parts, listed here so they appear once under `components.schemas`. */
export const RESPONSE_COMPONENTS: Named[] = [
  named('User', userDto),
  named('AdminUser', adminUserDto),
  named('Session', sessionDto),
  named('Board', boardDto),
  named('BoardListItem', boardListItem),
  named('Member', memberDto),
  named('Asset', assetDto),
  named('Job', jobDto),
  named('Occurrence', occurrenceDto),
  named('Conflict', conflictDto),
  named('BoardSnapshot', boardSnapshot),
  named('CompactBoardSnapshot', compactSnapshot),
];

const jobAnswer = named('JobWithOccurrences', jobWithOccurrences);
const boardAnswer = named('BoardResponse', z.object({ board: boardDto }));
const assetAnswer = named('AssetResponse', z.object({ asset: assetDto }));
const sessionList = named('SessionList', z.object({ sessions: z.array(sessionDto) }));
const endedCount = named('EndedSessions', z.object({ ended: z.number().int() }));
const occurrenceAnswer = named('OccurrenceResponse', z.object({ occurrence: occurrenceDto }));
const created = (what: string, body: Named): ApiResponse => ({ status: 201, description: `${what} created (Location header)`, body });
const ok = (description: string, body?: Named): ApiResponse => ({ status: 200, description, ...(body ? { body } : {}) });
const noContent = (description: string): ApiResponse => ({ status: 204, description });
const jobCreated: ApiResponse[] = [
  created('the job and its first occurrences', jobAnswer),
  ok('the existing job: a job with the same natural key already exists', jobAnswer),
];
const scheduleErrors: ErrorCode[] = ['forbidden', 'not_found', 'conflict', 'invalid_cron', 'invalid_timezone'];

export const API_ROUTES: ApiRoute[] = [
  // auth
  { method: 'post', path: '/api/auth/login', tag: 'auth', summary: 'Sign in: sets the session cookie', auth: 'public', body: named('LoginBody', loginBody), ok: [ok('signed in', named('LoginResponse', z.object({ user: userDto })))], errors: ['unauthenticated', 'rate_limited'] },
  { method: 'post', path: '/api/auth/logout', tag: 'auth', summary: 'Sign out: revokes the session', auth: 'session', ok: [noContent('signed out')], errors: [] },
  { method: 'get', path: '/api/auth/me', tag: 'auth', summary: 'The signed-in user and their board roles', auth: 'session', ok: [ok('the user', named('MeResponse', meResponse))], errors: [] },
  { method: 'post', path: '/api/auth/password', tag: 'auth', summary: 'Change your own password (needs the current one); optionally end your other sessions', auth: 'session', body: named('ChangePasswordBody', changePasswordBody), ok: [ok('changed', named('ChangePasswordResponse', z.object({ endedSessions: z.number().int() })))], errors: ['rate_limited'] },
  { method: 'get', path: '/api/auth/sessions', tag: 'auth', summary: 'Your live sessions: device, created, last seen, which one is this', auth: 'session', ok: [ok('the sessions', sessionList)], errors: [] },
  { method: 'delete', path: '/api/auth/sessions', tag: 'auth', summary: 'End all your sessions but this one (their sockets too)', auth: 'session', ok: [ok('how many ended', endedCount)], errors: [] },
  { method: 'delete', path: '/api/auth/sessions/:sessionId', tag: 'auth', summary: 'End one of your sessions (its sockets too)', auth: 'session', ok: [noContent('ended')], errors: ['not_found'] },

  // users
  { method: 'get', path: '/api/users', tag: 'users', summary: 'List users (with disabled state and live session count)', auth: 'session', role: 'admin', ok: [ok('every user', named('UserList', z.object({ users: z.array(adminUserDto) })))], errors: ['forbidden'] },
  { method: 'post', path: '/api/users', tag: 'users', summary: 'Create a user', auth: 'session', role: 'admin', body: named('CreateUserBody', createUserBody), ok: [created('the user', named('UserResponse', z.object({ user: userDto })))], errors: ['forbidden', 'already_exists'] },
  { method: 'patch', path: '/api/users/:userId', tag: 'users', summary: 'Disable (ends all their sessions and sockets) or enable a user; not yourself', auth: 'session', role: 'admin', body: named('PatchUserBody', patchUserBody), ok: [ok('the user', named('AdminUserResponse', z.object({ user: adminUserDto })))], errors: ['forbidden', 'not_found'] },
  { method: 'post', path: '/api/users/:userId/password', tag: 'users', summary: "Reset a user's password (ends all their sessions and sockets); not your own", auth: 'session', role: 'admin', body: named('ResetPasswordBody', resetPasswordBody), ok: [noContent('password set')], errors: ['forbidden', 'not_found'] },
  { method: 'get', path: '/api/users/:userId/sessions', tag: 'users', summary: "A user's live sessions", auth: 'session', role: 'admin', ok: [ok('the sessions', sessionList)], errors: ['forbidden', 'not_found'] },
  { method: 'delete', path: '/api/users/:userId/sessions', tag: 'users', summary: "End all of a user's sessions (their sockets too)", auth: 'session', role: 'admin', ok: [ok('how many ended', endedCount)], errors: ['forbidden', 'not_found'] },

  // boards
  { method: 'get', path: '/api/boards', tag: 'boards', summary: "The caller's boards with their role", auth: 'session', ok: [ok('the boards', named('BoardList', z.object({ boards: z.array(boardListItem) })))], errors: [] },
  { method: 'post', path: '/api/boards', tag: 'boards', summary: 'Create a board (names are unique ignoring case)', auth: 'session', role: 'admin', body: named('CreateBoardBody', createBoardBody), ok: [created('the board', boardAnswer)], errors: ['forbidden', 'already_exists'] },
  { method: 'patch', path: '/api/boards/:boardId', tag: 'boards', summary: "Change a board's name, time zone, horizon or working hours (event `board.updated`)", auth: 'session', role: 'admin', body: named('PatchBoardBody', patchBoardBody), ok: [ok('the board', boardAnswer)], errors: ['forbidden', 'not_found', 'already_exists', 'stale_version'] },
  { method: 'get', path: '/api/boards/:boardId/user-directory', tag: 'boards', summary: 'Users a supervisor may add as members (`q` filters by username or display name; at most 50)', auth: 'session', role: 'supervisor', query: userDirectoryQuery, ok: [ok('the users', named('UserDirectory', z.object({ users: z.array(directoryUser) })))], errors: ['forbidden', 'not_found'] },
  { method: 'get', path: '/api/boards/:boardId', tag: 'boards', summary: 'Board snapshot: assets, jobs, occurrences in [from, to), open conflicts, seq; `encoding=compact`: the same as CompactBoardSnapshot (occurrences as columns, epoch minutes, dictionaries)', auth: 'session', role: 'viewer', query: boardSnapshotQuery, ok: [ok('the snapshot (CompactBoardSnapshot with encoding=compact)', named('BoardSnapshotAnswer', z.union([boardSnapshot, compactSnapshot])))], errors: ['not_found'] },
  { method: 'get', path: '/api/boards/:boardId/events', tag: 'boards', summary: 'Replay the event log after `since`', auth: 'session', role: 'viewer', query: boardEventsQuery, ok: [ok('events in seq order', named('BoardEventsResponse', boardEventsResponse))], errors: ['not_found'] },
  { method: 'get', path: '/api/boards/:boardId/members', tag: 'boards', summary: 'Board members', auth: 'session', role: 'viewer', ok: [ok('the members', named('MemberList', z.object({ members: z.array(memberDto) })))], errors: ['not_found'] },
  { method: 'put', path: '/api/boards/:boardId/members/:userId', tag: 'boards', summary: "Add a member or change a member's role (never the board's last supervisor)", auth: 'session', role: 'supervisor', body: named('MemberBody', memberBody), ok: [ok('the member', named('MemberResponse', z.object({ member: memberDto })))], errors: ['forbidden', 'not_found', 'last_supervisor'] },
  { method: 'delete', path: '/api/boards/:boardId/members/:userId', tag: 'boards', summary: 'Remove a member (never the last supervisor)', auth: 'session', role: 'supervisor', ok: [noContent('removed')], errors: ['forbidden', 'not_found', 'last_supervisor'] },

  // assets
  { method: 'get', path: '/api/boards/:boardId/assets', tag: 'assets', summary: "The board's assets", auth: 'session', role: 'viewer', ok: [ok('the assets', named('AssetList', z.object({ assets: z.array(assetDto) })))], errors: ['not_found'] },
  { method: 'post', path: '/api/boards/:boardId/assets', tag: 'assets', summary: 'Create an asset', auth: 'session', role: 'planner', body: named('CreateAssetBody', createAssetBody), ok: [created('the asset', assetAnswer)], errors: ['forbidden', 'not_found', 'already_exists'] },
  { method: 'patch', path: '/api/assets/:assetId', tag: 'assets', summary: 'Rename an asset or change its status', auth: 'session', role: 'planner', body: named('PatchAssetBody', patchAssetBody), ok: [ok('the asset', assetAnswer)], errors: ['forbidden', 'not_found', 'stale_version'] },

  // jobs
  { method: 'post', path: '/api/boards/:boardId/tours', tag: 'jobs', summary: 'Create an internal or external tour', auth: 'session', role: 'planner', body: named('CreateTourBody', createTourBody), idempotent: true, ok: jobCreated, errors: [...scheduleErrors, 'idempotency_key_reused'] },
  { method: 'post', path: '/api/boards/:boardId/tasks', tag: 'jobs', summary: 'Create a recurring or one-off task', auth: 'session', role: 'planner', body: named('CreateTaskBody', createTaskBody), idempotent: true, ok: jobCreated, errors: [...scheduleErrors, 'idempotency_key_reused'] },
  { method: 'get', path: '/api/boards/:boardId/jobs', tag: 'jobs', summary: "The board's jobs", auth: 'session', role: 'viewer', ok: [ok('the jobs', named('JobList', z.object({ jobs: z.array(jobDto) })))], errors: ['not_found'] },
  { method: 'get', path: '/api/jobs/:jobId', tag: 'jobs', summary: 'A job with its upcoming occurrences', auth: 'session', role: 'viewer', ok: [ok('the job', jobAnswer)], errors: ['not_found'] },
  { method: 'patch', path: '/api/jobs/:jobId', tag: 'jobs', summary: 'Edit a job (regenerates its future occurrences)', auth: 'session', role: 'planner', body: named('PatchJobBody', patchJobBody), ok: [ok('the job', jobAnswer)], errors: [...scheduleErrors, 'stale_version'] },
  { method: 'delete', path: '/api/jobs/:jobId', tag: 'jobs', summary: 'Delete a job and cancel its future occurrences', auth: 'session', role: 'planner', ok: [noContent('deleted')], errors: ['forbidden', 'not_found'] },

  // occurrences
  { method: 'get', path: '/api/boards/:boardId/occurrences', tag: 'occurrences', summary: 'Occurrences in [from, to) (default: yesterday + 8 days)', auth: 'session', role: 'viewer', query: boardRangeQuery, ok: [ok('the occurrences (at most 50,000; nextFrom when cut)', named('OccurrenceList', occurrenceList))], errors: ['not_found'] },
  { method: 'get', path: '/api/occurrences/:occurrenceId', tag: 'occurrences', summary: 'One occurrence', auth: 'session', role: 'viewer', ok: [ok('the occurrence', occurrenceAnswer)], errors: ['not_found'] },
  { method: 'patch', path: '/api/occurrences/:occurrenceId', tag: 'occurrences', summary: 'Move or resize one occurrence (detaches it)', auth: 'session', role: 'planner', body: named('PatchOccurrenceBody', patchOccurrenceBody), ok: [ok('the occurrence', occurrenceAnswer)], errors: ['forbidden', 'not_found', 'stale_version', 'conflict'] },
  { method: 'delete', path: '/api/occurrences/:occurrenceId', tag: 'occurrences', summary: 'Cancel one occurrence', auth: 'session', role: 'planner', ok: [noContent('cancelled')], errors: ['forbidden', 'not_found'] },
  { method: 'post', path: '/api/occurrences/:occurrenceId/restore', tag: 'occurrences', summary: 'Restore a cancelled occurrence (same id) to scheduled', auth: 'session', role: 'planner', body: named('RestoreOccurrenceBody', restoreOccurrenceBody), ok: [ok('the occurrence', occurrenceAnswer)], errors: ['forbidden', 'not_found', 'stale_version', 'conflict'] },
  { method: 'post', path: '/api/boards/:boardId/occurrences/batch', tag: 'occurrences', summary: 'Move and/or cancel 1..500 occurrences as one change: all or nothing; a 409 lists every failing op in details.ops', auth: 'session', role: 'planner', body: named('BatchOccurrencesBody', batchOccurrencesBody), idempotent: true, ok: [ok('the changed occurrences and the change id', named('BatchOccurrencesResponse', batchOccurrencesResponse))], errors: ['forbidden', 'not_found', 'stale_version', 'conflict', 'idempotency_key_reused'] },

  // undo and redo (per user and board)
  { method: 'post', path: '/api/boards/:boardId/undo', tag: 'history', summary: "Undo the caller's latest change on the board (a new change; refused if someone changed an item since)", auth: 'session', role: 'planner', ok: [ok('what was undone and the state it left', named('UndoResponse', undoResponse))], errors: ['forbidden', 'not_found', 'nothing_to_undo', 'undo_conflict', 'conflict', 'already_exists'] },
  { method: 'post', path: '/api/boards/:boardId/redo', tag: 'history', summary: "Redo the caller's latest undone change on the board", auth: 'session', role: 'planner', ok: [ok('what was redone and the state it left', named('RedoResponse', redoResponse))], errors: ['forbidden', 'not_found', 'nothing_to_redo', 'undo_conflict', 'conflict', 'already_exists'] },
  { method: 'get', path: '/api/boards/:boardId/history', tag: 'history', summary: "The caller's latest changes on the board (newest first, at most 100 kept)", auth: 'session', role: 'planner', query: historyQuery, ok: [ok('the entries', named('HistoryResponse', historyResponse))], errors: ['forbidden', 'not_found'] },

  // conflicts
  { method: 'get', path: '/api/boards/:boardId/conflicts', tag: 'conflicts', summary: 'Open or resolved conflicts', auth: 'session', role: 'viewer', query: conflictListQuery, ok: [ok('the conflicts', named('ConflictList', z.object({ conflicts: z.array(conflictDto) })))], errors: ['not_found'] },
  { method: 'post', path: '/api/boards/:boardId/conflicts/dismiss', tag: 'conflicts', summary: 'Dismiss every open conflict of a kind ("dismiss all rejected") or the listed ids, in one transaction', auth: 'session', role: 'supervisor', body: named('DismissConflictsBody', dismissConflictsBody), ok: [ok('how many were dismissed', named('DismissConflictsResponse', dismissConflictsResponse))], errors: ['forbidden', 'not_found'] },
  { method: 'post', path: '/api/conflicts/:conflictId/resolve', tag: 'conflicts', summary: 'Dismiss a conflict, or cancel or move one of its occurrences', auth: 'session', role: 'supervisor', body: named('ResolveConflictBody', resolveConflictBody), idempotent: true, ok: [ok('the resolved conflict', named('ConflictResponse', z.object({ conflict: conflictDto })))], errors: ['forbidden', 'not_found', 'stale_version', 'conflict', 'idempotency_key_reused'] },

  // preview
  { method: 'post', path: '/api/schedules/preview', tag: 'schedules', summary: 'Next run dates of a cron in a zone (with DST notes and, given an asset, conflicts); failures also carry ok: false', auth: 'session', body: named('PreviewBody', previewBody), ok: [ok('the dates', named('PreviewOk', previewOk))], errors: ['not_found', 'invalid_cron', 'invalid_timezone'] },

  // integrations: iCal feeds and CSV
  { method: 'post', path: '/api/boards/:boardId/feeds', tag: 'integrations', summary: 'Create a personal iCal feed of the board (optionally of some assets); the answer holds its secret URL, shown only here', auth: 'session', role: 'viewer', body: named('CreateFeedBody', createFeedBody), ok: [created('the feed', named('CreatedFeed', createdFeedDto))], errors: ['not_found'] },
  { method: 'get', path: '/api/boards/:boardId/feeds', tag: 'integrations', summary: "The caller's feeds of the board (without their URLs)", auth: 'session', role: 'viewer', ok: [ok('the feeds', named('FeedList', z.object({ feeds: z.array(feedDto) })))], errors: ['not_found'] },
  { method: 'delete', path: '/api/boards/:boardId/feeds/:feedId', tag: 'integrations', summary: 'Revoke a feed: its URL stops working at once', auth: 'session', role: 'viewer', ok: [noContent('revoked')], errors: ['not_found'] },
  { method: 'get', path: '/api/boards/:boardId/assets.csv', tag: 'integrations', summary: "The board's assets as CSV (RFC 4180; cells starting with = + - @ are prefixed with ')", auth: 'session', role: 'viewer', ok: [{ status: 200, description: 'the CSV file', contentType: 'text/csv' }], errors: ['not_found'] },
  { method: 'get', path: '/api/boards/:boardId/occurrences.csv', tag: 'integrations', summary: 'Occurrences in [from, to) as CSV', auth: 'session', role: 'viewer', query: occurrencesCsvQuery, ok: [{ status: 200, description: 'the CSV file', contentType: 'text/csv' }], errors: ['not_found'] },
  { method: 'post', path: '/api/boards/:boardId/assets/import', tag: 'integrations', summary: 'Create or update assets from CSV (columns code,name,kind,status): all rows or none; errors name line and column', auth: 'session', role: 'planner', rawBody: { contentType: 'text/csv', description: 'UTF-8 CSV with a header row `code,name,kind,status` (status optional)' }, ok: [ok('what was imported', named('AssetImportResult', assetImportResult))], errors: ['forbidden', 'not_found'] },

  // this document
  { method: 'get', path: '/api/openapi.json', tag: 'documentation', summary: 'This OpenAPI 3.1 document', auth: 'public', ok: [ok('the document', named('OpenApiDocument', z.record(z.string(), z.unknown())))], errors: [] },
  { method: 'get', path: '/api/docs', tag: 'documentation', summary: 'A readable reference of this document (HTML)', auth: 'public', ok: [{ status: 200, description: 'the reference page', contentType: 'text/html' }], errors: [] },
  { method: 'get', path: '/api/docs/:file', tag: 'documentation', summary: "The reference page's scripts and styles", auth: 'public', ok: [{ status: 200, description: 'a script or style sheet', contentType: 'application/octet-stream' }], errors: ['not_found'] },
];
