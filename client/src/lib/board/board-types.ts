/**
 * Wire shapes of the board endpoints (API.md). Temporary client-side mirror: the shared package is
 * getting `schemas/events.ts` / `socket.ts`; once they land these become re-exports of those types.
 */
import type { AssetDto, BoardDto, EffectiveRole } from '@schedhuler/shared';

export const JOB_KINDS = ['task', 'internal_tour', 'external_tour'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_KIND_LABEL: Record<JobKind, string> = {
  task: 'Task',
  internal_tour: 'Internal tour',
  external_tour: 'External tour',
};

export type Priority = 'low' | 'medium' | 'high';
export type OccurrenceStatus = 'scheduled' | 'conflicted' | 'cancelled';

export interface TourStopInput {
  seq: number;
  assetId: string;
  gapMin: number;
  durationMin?: number | null;
}

export interface JobDto {
  id: string;
  boardId: string;
  kind: JobKind;
  name: string;
  description?: string | null;
  assetId: string;
  cron: string | null;
  timezone: string;
  validFrom?: string | null;
  validTo?: string | null;
  startsAt?: string | null;
  planDurationMin: number;
  graceBeforeMin?: number;
  graceAfterMin?: number;
  priority?: Priority;
  enabled: boolean;
  version: number;
  checkpoints?: TourStopInput[];
  sites?: TourStopInput[];
  breakMin?: number;
  frequency?: number;
  randomize?: boolean;
}

export interface OccurrenceStop {
  seq: number;
  assetId: string;
  startsAt: string;
  endsAt: string;
}

export interface OccurrenceDto {
  id: string;
  jobId: string;
  assetId: string;
  startsAt: string;
  endsAt: string;
  status: OccurrenceStatus;
  version: number;
  detached: boolean;
  stops?: OccurrenceStop[];
}

export interface ConflictDto {
  id: string;
  kind: 'rejected' | 'overlap';
  assetId: string;
  startsAt: string;
  endsAt: string;
  jobId?: string | null;
  occurrenceIds: string[];
  actor?: { id: string; displayName: string } | null;
  createdAt: string;
  resolvedAt?: string | null;
  resolvedBy?: { id: string; displayName: string } | string | null;
  resolution?: string | null;
}

export interface BoardSnapshot {
  board: BoardDto & { role?: EffectiveRole };
  /** The caller's role on this board. */
  role?: EffectiveRole;
  assets: AssetDto[];
  jobs: JobDto[];
  occurrences: OccurrenceDto[];
  conflicts: ConflictDto[];
  seq: number;
}

export const EVENT_TYPES = [
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
] as const;
export type BoardEventType = (typeof EVENT_TYPES)[number];

export interface BoardEvent {
  boardId: string;
  seq: number;
  type: BoardEventType;
  at: string;
  actor: { id: string; displayName: string } | null;
  data: unknown;
}

/** Body of a 409 `conflict` answer (beside `error`). */
export interface ConflictAnswer {
  conflictId?: string;
  conflicts?: {
    startsAt: string;
    endsAt: string;
    blocking?: { occurrenceId: string; jobId: string; jobName: string; assetId: string; startsAt: string; endsAt: string };
  }[];
  hints?: {
    nextFree?: { startsAt: string; endsAt: string }[];
    freeAssets?: { id: string; code: string; name: string }[];
  };
}
