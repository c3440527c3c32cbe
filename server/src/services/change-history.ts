import type { HistoryEntryDto } from '@schedhuler/shared';
import type { Actor } from './context';
import { insertHistoryEntry, insertHistoryEntryStatement, type HistoryEntryRow, type HistoryItem, type JobState, type OccurrenceState } from '../repositories/change-history.repository';
import type { Query, Statement } from '../repositories/sql';
import { iso, stopRowToDto, type JobRow, type OccurrenceRow, type OccurrenceView, type StopRow } from './scheduling-rows';

export type { HistoryEntryRow, HistoryItem, JobState, JobStopState, OccurrenceState } from '../repositories/change-history.repository';

/*
 * Undo history: every change a user makes on a board is one `change_history` row, written in the
 * change's own transaction. An entry holds, per item it touched, the version the latest application
 * left (the change itself, or a later undo/redo of it) and the item's fields before and after:
 * undo applies `before`, redo `after`. `before: null` means "did not exist": undo cancels such an
 * occurrence or disables such a job (rows are never deleted, so redo brings back the same ids).
 */

/** How many entries a user keeps per board. */
export const HISTORY_LIMIT = 100;

export const occurrenceStateOfRow = (r: OccurrenceRow): OccurrenceState => ({
  assetId: r.asset_id,
  startsAt: iso(r.starts_at),
  endsAt: iso(r.ends_at),
  status: r.status,
  detached: r.detached,
});

export const occurrenceStateOfView = (v: OccurrenceView): OccurrenceState => ({
  assetId: v.assetId,
  startsAt: v.startsAt,
  endsAt: v.endsAt,
  status: v.status,
  detached: v.detached,
});

export const jobStateOfRow = (j: JobRow, stops: readonly StopRow[]): JobState => ({
  name: j.name,
  description: j.description,
  assetId: j.asset_id,
  cron: j.cron,
  timezone: j.timezone,
  validFrom: iso(j.valid_from),
  validTo: j.valid_to === null ? null : iso(j.valid_to),
  startsAt: j.starts_at === null ? null : iso(j.starts_at),
  planDurationMin: j.plan_duration_min,
  graceBeforeMin: j.grace_before_min,
  graceAfterMin: j.grace_after_min,
  priority: j.priority,
  breakMin: j.break_min,
  frequency: j.frequency,
  randomize: j.randomize,
  enabled: j.enabled,
  naturalKey: j.natural_key,
  materializedUntil: j.materialized_until === null ? null : iso(j.materialized_until),
  stops: [...stops].sort((a, b) => a.seq - b.seq).map(stopRowToDto),
});

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Collects what one change did to which items (the same item twice: first `before`, last `after`). */
export class ChangeSet {
  private readonly byId = new Map<string, HistoryItem>();
  /** What was done to occurrences, for the summary ("Move of Retail route"). */
  readonly ops: { name: string; kind: OccurrenceOpKind }[] = [];

  note(name: string, kind: OccurrenceOpKind): void {
    this.ops.push({ name, kind });
  }

  summary(): string {
    return summarizeOccurrenceChange(this.ops);
  }

  private put(item: HistoryItem): void {
    const prior = this.byId.get(item.id);
    this.byId.set(item.id, prior ? ({ ...item, before: prior.before } as HistoryItem) : item);
  }

  occurrence(before: OccurrenceState | null, after: OccurrenceRow | OccurrenceView, name: string): void {
    const isRow = 'asset_id' in after;
    const state = isRow ? occurrenceStateOfRow(after) : occurrenceStateOfView(after);
    this.put({ kind: 'occurrence', id: after.id, name, version: after.version, before, after: state });
  }

  job(before: JobState | null, after: JobRow, stops: readonly StopRow[]): void {
    this.put({ kind: 'job', id: after.id, name: after.name, version: after.version, before, after: jobStateOfRow(after, stops) });
  }

  conflictResolved(conflictId: string, name: string, resolution: string): void {
    this.put({ kind: 'conflict', id: conflictId, name, version: 0, before: 'open', after: 'resolved', resolution });
  }

  /** Items that changed (an occurrence cancelled twice in one change is not an item). */
  items(): HistoryItem[] {
    return [...this.byId.values()].filter((i) => !same(i.before, i.after));
  }
}

/**
 * Records a change as the user's newest entry on the board, inside the change's transaction, in
 * one statement and without the history lock (this is on every write path, the create included).
 * `pos` comes from a sequence, so a newer change always sorts above what an undo flips meanwhile:
 * an undone entry below a newer change is never redone (`redoCandidateSql`), which is what "a new
 * change clears the redo list" means; the statement also deletes such entries and keeps only the
 * last 100. Changes without a user (the horizon worker) or without items are not recorded.
 */
export async function recordChange(q: Query, actor: Actor | null, boardId: string, changeId: string, summary: string, changes: ChangeSet): Promise<void> {
  const entry = historyEntry(actor, boardId, changeId, summary, changes);
  if (entry) await insertHistoryEntry(q, entry);
}

/**
 * `recordChange` as a statement for the unit of work to send with the change's events, in their
 * round trip (`inTransaction`'s `deferred`): nothing in the change reads the entry back. Null when
 * there is nothing to record.
 */
export function historyEntry(actor: Actor | null, boardId: string, changeId: string, summary: string, changes: ChangeSet): Statement | null {
  const items = changes.items();
  if (!actor || !items.length) return null;
  return insertHistoryEntryStatement({ userId: actor.id, boardId, changeId, summary: summary.slice(0, 300), itemsJson: JSON.stringify(items), keep: HISTORY_LIMIT });
}

export function toHistoryEntryDto(r: Pick<HistoryEntryRow, 'change_id' | 'summary' | 'at' | 'undone'>): HistoryEntryDto {
  return { changeId: r.change_id, summary: r.summary, at: iso(r.at), undone: r.undone };
}

/** "Move of Retail route" / "3 occurrences moved": what a list of moves and cancels did, in words. */
export type OccurrenceOpKind = 'move' | 'resize' | 'cancel' | 'restore';

export function summarizeOccurrenceChange(ops: readonly { name: string; kind: OccurrenceOpKind }[]): string {
  if (!ops.length) return 'No change';
  if (ops.length === 1) {
    const op = ops[0]!;
    return `${{ move: 'Move', resize: 'Resize', cancel: 'Cancel', restore: 'Restore' }[op.kind]} of ${op.name}`;
  }
  const kinds = new Set(ops.map((o) => (o.kind === 'resize' ? 'move' : o.kind)));
  if (kinds.size === 1) {
    const [kind] = kinds;
    return `${ops.length} occurrences ${kind === 'move' ? 'moved' : kind === 'cancel' ? 'cancelled' : 'restored'}`;
  }
  return `${ops.length} occurrences changed`;
}
