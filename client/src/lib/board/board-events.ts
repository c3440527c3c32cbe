import type { AssetDto, BoardDto, EffectiveRole } from '@schedhuler/shared';
import type { BoardEvent, ConflictDto, JobDto } from './board-types';
import { withAsset, withConflict, withJob } from './board-data';

/** The board-wide parts an event can change (the store's state; occurrences go through the range cache). */
export interface WideParts {
  board: BoardDto | null;
  role: EffectiveRole | null;
  assets: AssetDto[];
  jobs: ReadonlyMap<string, JobDto>;
  conflicts: ConflictDto[];
  readonly currentUserId: string | null;
}

export type OccurrenceEvent = Extract<BoardEvent, { type: 'occurrence.created' | 'occurrence.updated' | 'occurrence.cancelled' }>;

export function isOccurrenceEvent(ev: BoardEvent): ev is OccurrenceEvent {
  return ev.type === 'occurrence.created' || ev.type === 'occurrence.updated' || ev.type === 'occurrence.cancelled';
}

/** Applies a board-wide event (jobs, conflicts, assets, membership, board settings) to `to`. */
export function applyWideEvent(to: WideParts, ev: Exclude<BoardEvent, OccurrenceEvent>): void {
  switch (ev.type) {
    case 'job.created':
    case 'job.updated':
    case 'job.deleted':
      to.jobs = withJob(to.jobs, ev.data);
      break;
    case 'conflict.opened':
    case 'conflict.resolved':
      to.conflicts = withConflict(to.conflicts, ev.data);
      break;
    case 'asset.created':
    case 'asset.updated':
      to.assets = withAsset(to.assets, ev.data);
      break;
    case 'member.updated':
      if (to.currentUserId && ev.data.userId === to.currentUserId) to.role = ev.data.removed ? null : ev.data.role;
      break;
    case 'board.updated':
      // The event's lastSeq is the one before its own append: keep the store's seq as the source.
      to.board = ev.data;
      break;
  }
}
