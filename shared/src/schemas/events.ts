/**
 * Wire shapes of scheduling data and of the board event log (docs/api.md, "Tours and tasks",
 * "Occurrences", "Conflicts", "Events"). Instants are ISO-8601 strings with offset, ids strings.
 */
import { z } from 'zod';
import type { AssetDto } from './asset';
import type { BoardDto, MemberDto } from './board';
import type { EffectiveRole } from './common';
import type { ErrorBody } from './errors';
import type { AttemptAction, ConflictKind, ConflictResolutionAction } from './conflict';
import type { JobKind, Priority } from './job';
import type { OccurrenceStatus } from './occurrence';

export const BOARD_EVENT_TYPES = [
  'job.created',
  'job.updated',
  'job.deleted',
  'occurrence.created',
  'occurrence.updated',
  'occurrence.cancelled',
  'conflict.opened',
  'conflict.resolved',
  'asset.created',
  'asset.updated',
  'member.updated',
  'board.updated',
] as const;
export type BoardEventType = (typeof BOARD_EVENT_TYPES)[number];

export interface EventActor {
  id: string;
  displayName: string;
}

/** A checkpoint or site as stored on a tour job. */
export interface TourStopDefDto {
  seq: number;
  assetId: string;
  gapMin: number;
  durationMin: number | null;
}

/**
 * A job (tour or task). Tour-only fields are present on tours: `checkpoints` on internal tours,
 * `sites`, `breakMin`, `frequency`, `randomize` on external ones; `startsAt` on one-off tasks.
 */
export interface JobDto {
  id: string;
  boardId: string;
  kind: JobKind;
  name: string;
  description: string;
  assetId: string;
  /** null for a one-off task. */
  cron: string | null;
  timezone: string;
  /** Defaults to the creation time (one-off tasks: their `startsAt`). */
  validFrom: string;
  validTo: string | null;
  startsAt?: string | null;
  planDurationMin: number;
  graceBeforeMin: number;
  graceAfterMin: number;
  priority: Priority;
  enabled: boolean;
  version: number;
  createdAt?: string;
  updatedAt?: string;
  checkpoints?: TourStopDefDto[];
  sites?: TourStopDefDto[];
  breakMin?: number;
  frequency?: number;
  randomize?: boolean;
}

/** One laid-out stop of a tour occurrence (see `domain/tour-layout.ts`). */
export interface OccurrenceStop {
  seq: number;
  assetId: string;
  startsAt: string;
  endsAt: string;
}

export interface OccurrenceDto {
  id: string;
  boardId: string;
  jobId: string;
  assetId: string;
  startsAt: string;
  endsAt: string;
  status: OccurrenceStatus;
  version: number;
  /** True once a planner moved it by hand; regeneration leaves it alone. */
  detached: boolean;
  stops?: OccurrenceStop[];
  /** Who created or last changed it, from the event log (board snapshots only; null when nobody is on record). */
  updatedBy?: EventActor | null;
}

export interface ConflictResolution {
  action: ConflictResolutionAction;
  occurrenceId?: string;
  startsAt?: string;
  assetId?: string;
}

export interface ConflictDto {
  id: string;
  kind: ConflictKind;
  assetId: string;
  startsAt: string;
  endsAt: string;
  jobId?: string | null;
  occurrenceIds: string[];
  actor: EventActor | null;
  createdAt: string;
  resolvedAt?: string | null;
  resolvedBy?: EventActor | null;
  resolution?: ConflictResolution | null;
  /** The job's name and kind, kept on the record (a rejected create stored no job). */
  jobName?: string | null;
  jobKind?: JobKind | null;
  /** `rejected`: what was attempted (enough to book it again at the suggested slot). */
  attempt?: ConflictAttempt | null;
  /** `rejected`: the first free window of the same length the 409 suggested. */
  suggested?: { startsAt: string; endsAt: string } | null;
}

export interface ConflictAttempt {
  action: AttemptAction;
  /** `move`: the occurrence that was to move. */
  occurrenceId?: string;
  /** `create`: a one-off task (no cron) — the only create a single suggested slot can book. */
  oneOff?: boolean;
  timezone?: string;
  planDurationMin?: number;
  priority?: Priority;
  graceBeforeMin?: number;
  graceAfterMin?: number;
}

/** The occurrence that blocked a requested window. */
export interface BlockingOccurrence {
  occurrenceId: string;
  jobId: string;
  jobName: string;
  assetId: string;
  startsAt: string;
  endsAt: string;
}

export interface ConflictWindow {
  startsAt: string;
  endsAt: string;
  blocking: BlockingOccurrence;
}

export interface ConflictHints {
  /** The next free windows of the same length on the same asset (3 at most). */
  nextFree: { startsAt: string; endsAt: string }[];
  /** Assets of the same kind free for every requested window. */
  freeAssets: { id: string; code: string; name: string }[];
}

/** Body of a 409 `conflict`. */
export interface ConflictErrorResponse {
  error: ErrorBody & { code: 'conflict' };
  conflictId: string;
  conflicts: ConflictWindow[];
  hints: ConflictHints;
}

export type MemberUpdatedData = (MemberDto & { removed: false }) | { userId: string; role: null; removed: true };

/** What `data` holds for each event type: the full new state of what changed. */
export interface BoardEventDataMap {
  'job.created': JobDto;
  'job.updated': JobDto;
  'job.deleted': JobDto;
  'occurrence.created': OccurrenceDto;
  'occurrence.updated': OccurrenceDto;
  'occurrence.cancelled': OccurrenceDto;
  'conflict.opened': ConflictDto;
  'conflict.resolved': ConflictDto;
  'asset.created': AssetDto;
  'asset.updated': AssetDto;
  'member.updated': MemberUpdatedData;
  /** Name, zone, horizon or working hours changed. */
  'board.updated': BoardDto;
}

/**
 * Every event's `data` also names the change it belongs to: the events of one change (one
 * transaction: a move, a batch, a job edit, an undo) share one `changeId`.
 */
export interface ChangeStamp {
  changeId?: string;
}

/** One event of a board's log; narrowing on `type` narrows `data`. */
export type BoardEvent<T extends BoardEventType = BoardEventType> = {
  [K in T]: { boardId: string; seq: number; type: K; at: string; actor: EventActor | null; data: BoardEventDataMap[K] & ChangeStamp };
}[T];

/** An entry of `GET /api/boards/:boardId/history`: one change of the caller on that board. */
export interface HistoryEntryDto {
  changeId: string;
  summary: string;
  at: string;
  undone: boolean;
}

/** `GET /api/boards/:boardId/events?since=&limit=` */
export const boardEventsQuery = z
  .object({
    since: z.coerce.number({ error: 'must be an integer' }).int('must be an integer').min(0, 'must be at least 0').default(0),
    limit: z.coerce.number({ error: 'must be an integer' }).int('must be an integer').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(1000),
  })
  .strict();
export type BoardEventsQuery = z.output<typeof boardEventsQuery>;

/** `GET /api/boards/:boardId/events` */
export interface BoardEventsResponse {
  events: BoardEvent[];
  seq: number;
}

/** `GET /api/boards/:boardId` and the snapshot of `board:join`. */
export interface BoardSnapshot {
  board: BoardDto;
  assets: AssetDto[];
  jobs: JobDto[];
  occurrences: OccurrenceDto[];
  conflicts: ConflictDto[];
  seq: number;
  from?: string;
  to?: string;
  role?: EffectiveRole;
  /**
   * Set on a first-view answer (`?firstAssets=n`): `occurrences` are only those on the board's first n
   * asset rows and of the tours stopping on them; the full snapshot of the range follows.
   */
  firstAssets?: number;
  /**
   * Set when the answer reached the server's cap on occurrences per snapshot (SNAPSHOT_OCCURRENCE_LIMIT,
   * 50,000): every occurrence overlapping [from, nextFrom) is in it, later ones may be missing; ask
   * again with `from=nextFrom` (same `to`) for the rest. Absent when the answer holds the whole range.
   */
  nextFrom?: string;
}

/** `POST …/tours`, `POST …/tasks`, `GET`/`PATCH /api/jobs/:jobId`. */
export interface JobWithOccurrences {
  job: JobDto;
  occurrences: OccurrenceDto[];
}
