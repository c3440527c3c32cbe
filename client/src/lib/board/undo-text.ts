import type { HistoryEntryDto } from '@schedhuler/shared';
import { ApiError } from '../api';
import type { ConflictAnswer } from './board-types';

export type UndoDirection = 'undo' | 'redo';

/** The change an undo would apply: the newest entry not undone. */
export function nextUndo(entries: readonly HistoryEntryDto[]): HistoryEntryDto | null {
  return entries.find((e) => !e.undone) ?? null;
}

/** The change a redo would apply: the oldest undone entry (entries come newest first; a new change drops undone ones). */
export function nextRedo(entries: readonly HistoryEntryDto[]): HistoryEntryDto | null {
  let out: HistoryEntryDto | null = null;
  for (const e of entries) {
    if (!e.undone) break;
    out = e;
  }
  return out;
}

/** "Move of Retail route" → "move of Retail route"; "3 occurrences moved" stays. */
function lowerFirst(summary: string): string {
  const [first = '', second = ''] = summary;
  return second && second === second.toLowerCase() && first !== first.toLowerCase() ? first.toLowerCase() + summary.slice(1) : summary;
}

/** The button's accessible name and tooltip: what it will do, or that there is nothing. */
export function buttonLabel(dir: UndoDirection, entry: HistoryEntryDto | null): string {
  const verb = dir === 'undo' ? 'Undo' : 'Redo';
  return entry ? `${verb}: ${lowerFirst(entry.summary)}` : `Nothing to ${dir}`;
}

/** Said after it worked: "Undone: move of Retail route". */
export function doneText(dir: UndoDirection, summary: string): string {
  return `${dir === 'undo' ? 'Undone' : 'Redone'}: ${lowerFirst(summary)}`;
}

interface UndoConflictDetail {
  kind?: string;
  name?: string;
  action?: string;
  changedBy?: { displayName?: string } | null;
}

/** Why an undo or redo was refused, in words that name who changed what ("Ben moved Retail route since — undo skipped"). */
export function refusalText(dir: UndoDirection, e: unknown, assetName: (id: string) => string | undefined = () => undefined): string {
  if (!(e instanceof ApiError)) return `Could not ${dir}. Try again.`;
  if (e.code === 'undo_conflict') {
    const details = Array.isArray(e.details) ? (e.details as UndoConflictDetail[]) : [];
    const first = details[0];
    if (!first) return `${e.message.replace(/;.*$/, '')} — ${dir} skipped`;
    const who = first.changedBy?.displayName || 'Someone';
    const what = first.name || `this ${first.kind ?? 'item'}`;
    const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
    return `${who} ${first.action ?? 'changed'} ${what} since${more} — ${dir} skipped`;
  }
  if (e.code === 'conflict') {
    const body = (e.body ?? {}) as ConflictAnswer;
    const blocking = body.conflicts?.find((c) => c.blocking)?.blocking;
    const where = blocking ? (assetName(blocking.assetId) ?? 'the asset') : 'the asset';
    const free = body.hints?.freeAssets?.map((a) => a.name).slice(0, 3) ?? [];
    const base = blocking ? `${where} is booked by ${blocking.jobName} now` : `${where} is booked now`;
    return `${base} — ${dir} would double-book it, nothing was changed${free.length ? `. Free then: ${free.join(', ')}` : ''}`;
  }
  if (e.code === 'nothing_to_undo' || e.code === 'nothing_to_redo') return `Nothing to ${dir}`;
  return `Could not ${dir}: ${e.message}`;
}
