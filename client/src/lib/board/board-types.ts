/** Board wire types come from the shared contract; this module adds client-only labels. */
import type { ConflictErrorResponse, JobKind } from '@schedhuler/shared';

export type {
  BoardEvent,
  BoardEventType,
  BoardSnapshot,
  ConflictDto,
  JobDto,
  JobKind,
  OccurrenceDto,
  OccurrenceStatus,
  OccurrenceStop,
  Priority,
  TourStopDefDto,
} from '@schedhuler/shared';

export const JOB_KIND_LABEL: Record<JobKind, string> = {
  task: 'Task',
  internal_tour: 'Internal tour',
  external_tour: 'External tour',
};

/** A 409 `conflict` body as received: every part may be missing from a misbehaving server. */
export type ConflictAnswer = Partial<Omit<ConflictErrorResponse, 'hints'>> & { hints?: Partial<ConflictErrorResponse['hints']> };
