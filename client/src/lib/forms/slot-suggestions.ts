import { nextFreeWindows, SNAP_5_MIN_MS } from '@schedhuler/shared';
import { rewriteCronTime } from './cron-tools';
import { wallClock } from '../timeline/zone';

/** A booking the form's slot help looks at (a timeline block has this shape). */
export interface Booked {
  assetId: string;
  start: number;
  end: number;
  name: string;
  occ: { jobId: string };
}

export type SlotSuggestion = { kind: 'startsAt'; start: number; end: number } | { kind: 'cron'; cron: string; start: number; end: number };

const busyOn = (blocks: readonly Booked[], assetId: string, ignoreJobId: string | null) =>
  blocks.filter((b) => b.assetId === assetId && b.occ.jobId !== ignoreJobId);

/** Bookings on the asset that overlap [start, end), other than the job's own. */
export function localConflicts<T extends Booked>(blocks: readonly T[], assetId: string, start: number, end: number, ignoreJobId: string | null): T[] {
  return busyOn(blocks, assetId, ignoreJobId).filter((b) => b.start < end && start < b.end) as T[];
}

/** The first free window of `durationMin` on the asset at or after `after` (within two weeks), snapped to 5 min. */
export function freeSlotAfter(blocks: readonly Booked[], assetId: string, after: number, durationMin: number, ignoreJobId: string | null): { start: number; end: number } | null {
  const busy = busyOn(blocks, assetId, ignoreJobId).map((b) => ({ start: b.start, end: b.end }));
  return nextFreeWindows(busy, durationMin * 60_000, after, 1, after + 14 * 86_400_000, SNAP_5_MIN_MS)[0] ?? null;
}

/**
 * "Use next free slot" for a recurring schedule: move its time of day to the first free window after
 * the first conflicting run. Only for fixed-time schedules; an interval schedule has no single time.
 */
export function slotSuggestion(cron: string, blocks: readonly Booked[], assetId: string, runStart: number, durationMin: number, ignoreJobId: string | null, zone: string): SlotSuggestion | null {
  const free = freeSlotAfter(blocks, assetId, runStart, durationMin, ignoreJobId);
  if (!free) return null;
  const w = wallClock(free.start, zone);
  const next = rewriteCronTime(cron, w.hour, w.minute);
  return next ? { kind: 'cron', cron: next, start: free.start, end: free.end } : null;
}
