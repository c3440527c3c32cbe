/**
 * Zod schemas of what the HTTP API answers, for the OpenAPI document (the TypeScript interfaces
 * beside each schema stay the types the code uses). The checks at the end make the compiler
 * refuse a schema that drifts from its interface, so the document cannot describe another API.
 */
import { z } from 'zod';
import { ASSET_KINDS, ASSET_STATUSES, type AssetDto } from './asset';
import type { AdminUserDto, SessionDto, UserDto } from './auth';
import type { BoardDto, BoardListItem, DirectoryUser, MemberDto } from './board';
import { ROLES } from './common';
import { ATTEMPT_ACTIONS, CONFLICT_KINDS, CONFLICT_RESOLUTIONS } from './conflict';
import { ERROR_STATUS, type ErrorCode } from './errors';
import { BOARD_EVENT_TYPES, type BoardEventsResponse, type BoardSnapshot, type ConflictDto, type HistoryEntryDto, type JobDto, type JobWithOccurrences, type OccurrenceDto } from './events';
import { JOB_KINDS, PRIORITIES } from './job';
import { OCCURRENCE_STATUSES } from './occurrence';
import type { AssetImportResult, CreatedFeedDto, FeedDto } from './integrations';
import type { PreviewOk } from './preview';

const instant = z.iso.datetime({ offset: true });
const id = z.string();
const effectiveRole = z.enum([...ROLES, 'admin']);

export const userDto = z.object({ id, username: z.string(), displayName: z.string(), isAdmin: z.boolean() });
export const meResponse = z.object({ user: userDto, memberships: z.array(z.object({ boardId: id, role: effectiveRole })) });
export const adminUserDto = userDto.extend({ disabled: z.boolean(), createdAt: instant, activeSessions: z.number().int() });
export const sessionDto = z.object({ id, device: z.string(), userAgent: z.string(), createdAt: instant, lastSeenAt: instant, expiresAt: instant, current: z.boolean() });

const workingHours = z.object({ days: z.array(z.number().int()), start: z.string(), end: z.string() });
export const boardDto = z.object({ id, name: z.string(), timezone: z.string(), horizonDays: z.number().int(), workingHours, version: z.number().int(), lastSeq: z.number().int() });
export const boardListItem = z.object({ id, name: z.string(), timezone: z.string(), horizonDays: z.number().int(), workingHours, role: effectiveRole });
export const directoryUser = z.object({ id, username: z.string(), displayName: z.string() });
export const memberDto = z.object({ userId: id, username: z.string(), displayName: z.string(), role: z.enum(ROLES) });

export const assetDto = z.object({
  id,
  boardId: id,
  code: z.string(),
  name: z.string(),
  kind: z.enum(ASSET_KINDS),
  status: z.enum(ASSET_STATUSES),
  version: z.number().int(),
});

const eventActor = z.object({ id, displayName: z.string() });
const tourStopDef = z.object({ seq: z.number().int(), assetId: id, gapMin: z.number().int(), durationMin: z.number().int().nullable() });

export const jobDto = z.object({
  id,
  boardId: id,
  kind: z.enum(JOB_KINDS),
  name: z.string(),
  description: z.string(),
  assetId: id,
  cron: z.string().nullable(),
  timezone: z.string(),
  validFrom: instant,
  validTo: instant.nullable(),
  startsAt: instant.nullable().optional(),
  planDurationMin: z.number().int(),
  graceBeforeMin: z.number().int(),
  graceAfterMin: z.number().int(),
  priority: z.enum(PRIORITIES),
  enabled: z.boolean(),
  version: z.number().int(),
  createdAt: instant.optional(),
  updatedAt: instant.optional(),
  checkpoints: z.array(tourStopDef).optional(),
  sites: z.array(tourStopDef).optional(),
  breakMin: z.number().int().optional(),
  frequency: z.number().int().optional(),
  randomize: z.boolean().optional(),
});

export const occurrenceDto = z.object({
  id,
  boardId: id,
  jobId: id,
  assetId: id,
  startsAt: instant,
  endsAt: instant,
  status: z.enum(OCCURRENCE_STATUSES),
  version: z.number().int(),
  detached: z.boolean(),
  stops: z.array(z.object({ seq: z.number().int(), assetId: id, startsAt: instant, endsAt: instant })).optional(),
  updatedBy: eventActor.nullable().optional(),
});

export const conflictDto = z.object({
  id,
  kind: z.enum(CONFLICT_KINDS),
  assetId: id,
  startsAt: instant,
  endsAt: instant,
  jobId: id.nullable().optional(),
  occurrenceIds: z.array(id),
  actor: eventActor.nullable(),
  createdAt: instant,
  resolvedAt: instant.nullable().optional(),
  resolvedBy: eventActor.nullable().optional(),
  resolution: z
    .object({ action: z.enum(CONFLICT_RESOLUTIONS), occurrenceId: id.optional(), startsAt: instant.optional(), assetId: id.optional() })
    .nullable()
    .optional(),
  jobName: z.string().nullable().optional(),
  jobKind: z.enum(JOB_KINDS).nullable().optional(),
  attempt: z
    .object({
      action: z.enum(ATTEMPT_ACTIONS),
      occurrenceId: id.optional(),
      oneOff: z.boolean().optional(),
      timezone: z.string().optional(),
      planDurationMin: z.number().int().optional(),
      priority: z.enum(PRIORITIES).optional(),
      graceBeforeMin: z.number().int().optional(),
      graceAfterMin: z.number().int().optional(),
    })
    .nullable()
    .optional(),
  suggested: z.object({ startsAt: instant, endsAt: instant }).nullable().optional(),
});

/** `POST /api/boards/:boardId/conflicts/dismiss` */
export const dismissConflictsResponse = z.object({ count: z.number().int() });

/** One event of a board's log; `data` is the full new state of what changed (see `BoardEventDataMap`). */
export const boardEventDto = z.object({
  boardId: id,
  seq: z.number().int(),
  type: z.enum(BOARD_EVENT_TYPES),
  at: instant,
  actor: eventActor.nullable(),
  data: z.record(z.string(), z.unknown()),
});

export const boardEventsResponse = z.object({ events: z.array(boardEventDto), seq: z.number().int() });

export const boardSnapshot = z.object({
  board: boardDto,
  assets: z.array(assetDto),
  jobs: z.array(jobDto),
  occurrences: z.array(occurrenceDto),
  conflicts: z.array(conflictDto),
  seq: z.number().int(),
  from: instant.optional(),
  to: instant.optional(),
  role: effectiveRole.optional(),
  firstAssets: z.number().int().min(1).optional(),
  nextFrom: instant.optional(),
});

export const jobWithOccurrences = z.object({ job: jobDto, occurrences: z.array(occurrenceDto) });

/**
 * `GET /api/boards/:boardId/occurrences`: at most 50,000, by start; over that, `nextFrom` says where
 * the answer stops being whole (as a board snapshot's: ask again from there for the rest).
 */
export const occurrenceList = z.object({ occurrences: z.array(occurrenceDto), nextFrom: instant.optional() });

export const previewOk = z.object({
  ok: z.literal(true),
  timezone: z.string(),
  description: z.string(),
  dates: z.array(
    z.object({
      at: instant,
      local: z.string(),
      dst: z.enum(['shifted', 'repeated']).nullable(),
      conflicts: z.array(z.object({ occurrenceId: id, jobId: id, jobName: z.string(), startsAt: instant, endsAt: instant })).optional(),
    }),
  ),
});

export const feedDto = z.object({ id, boardId: id, assetIds: z.array(id).nullable(), createdAt: instant });
export const createdFeedDto = feedDto.extend({ url: z.string() });
export const assetImportResult = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });

/** `POST …/occurrences/batch`: every changed occurrence, and the change's id (its events carry it in `data.changeId`). */
export const batchOccurrencesResponse = z.object({ occurrences: z.array(occurrenceDto), changeId: id });
const appliedChange = z.object({ changeId: id, summary: z.string() });
/** `POST …/undo`: what was undone, and the occurrences and jobs as the undo left them. */
export const undoResponse = z.object({ undone: appliedChange, occurrences: z.array(occurrenceDto), jobs: z.array(jobDto) });
export const redoResponse = z.object({ redone: appliedChange, occurrences: z.array(occurrenceDto), jobs: z.array(jobDto) });
export const historyEntryDto = z.object({ changeId: id, summary: z.string(), at: instant, undone: z.boolean() });
export const historyResponse = z.object({ entries: z.array(historyEntryDto) });

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** Every error answer: `{error: {code, message, details?}}` (a 409 `conflict` adds the blocked windows and hints). */
export const errorResponse = z.object({
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), details: z.unknown().optional() }),
});

const window = z.object({ startsAt: instant, endsAt: instant });
export const conflictErrorResponse = errorResponse.extend({
  conflictId: id,
  conflicts: z.array(
    window.extend({
      blocking: z.object({ occurrenceId: id, jobId: id, jobName: z.string(), assetId: id, startsAt: instant, endsAt: instant }),
    }),
  ),
  hints: z.object({ nextFree: z.array(window), freeAssets: z.array(z.object({ id, code: z.string(), name: z.string() })) }),
});

// Compile-time drift checks: each schema's type and its interface must accept each other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agrees = <T extends true>(ok: T) => ok;
agrees<Same<z.output<typeof userDto>, UserDto>>(true);
agrees<Same<z.output<typeof adminUserDto>, AdminUserDto>>(true);
agrees<Same<z.output<typeof sessionDto>, SessionDto>>(true);
agrees<Same<z.output<typeof boardDto>, BoardDto>>(true);
agrees<Same<z.output<typeof boardListItem>, BoardListItem>>(true);
agrees<Same<z.output<typeof memberDto>, MemberDto>>(true);
agrees<Same<z.output<typeof directoryUser>, DirectoryUser>>(true);
agrees<Same<z.output<typeof assetDto>, AssetDto>>(true);
agrees<Same<z.output<typeof jobDto>, JobDto>>(true);
agrees<Same<z.output<typeof occurrenceDto>, OccurrenceDto>>(true);
agrees<Same<z.output<typeof conflictDto>, ConflictDto>>(true);
agrees<Same<z.output<typeof boardSnapshot>, BoardSnapshot>>(true);
agrees<Same<z.output<typeof jobWithOccurrences>, JobWithOccurrences>>(true);
agrees<Same<z.output<typeof previewOk>, PreviewOk>>(true);
agrees<Same<z.output<typeof boardEventsResponse>['seq'], BoardEventsResponse['seq']>>(true);
agrees<Same<z.output<typeof feedDto>, FeedDto>>(true);
agrees<Same<z.output<typeof createdFeedDto>, CreatedFeedDto>>(true);
agrees<Same<z.output<typeof assetImportResult>, AssetImportResult>>(true);
agrees<Same<z.output<typeof historyEntryDto>, HistoryEntryDto>>(true);
