import type { ConflictDto, ConflictKind } from '@schedhuler/shared';

/*
 * The conflict desk's pure part (issue 15): which cards to show. Open overlaps need action, one card
 * each; rejected attempts stored nothing and only inform, so repeats of the same job on the same asset
 * collapse into one card with a count and the latest time.
 */

export interface DeskFilters {
  kind: ConflictKind | 'all';
  assetId: string | null;
  actorId: string | null;
}

export const NO_FILTERS: DeskFilters = { kind: 'all', assetId: null, actorId: null };

export interface DeskCard {
  key: string;
  kind: ConflictKind;
  /** The newest record of the group: its text, times and hint are shown. */
  latest: ConflictDto;
  /** Every record of the group, newest first (a dismiss closes them all). */
  ids: string[];
  count: number;
  latestAt: number;
  /** Distinct authors of the group, newest first. */
  actors: { id: string; displayName: string }[];
}

export interface Desk {
  overlaps: DeskCard[];
  rejected: DeskCard[];
}

/**
 * Rejected attempts of one job on one asset: a stored job (a move or edit) by its id; a create that
 * stored nothing by its kind and name, which the record keeps for exactly this.
 */
export function groupKey(c: ConflictDto): string {
  if (c.kind === 'overlap') return `o:${c.id}`;
  if (c.jobId) return `r:${c.assetId}:j:${c.jobId}`;
  return `r:${c.assetId}:n:${c.jobKind ?? ''}:${(c.jobName ?? '').trim().toLowerCase()}`;
}

export function matches(c: ConflictDto, f: DeskFilters): boolean {
  return (f.kind === 'all' || c.kind === f.kind) && (!f.assetId || c.assetId === f.assetId) && (!f.actorId || c.actor?.id === f.actorId);
}

/** The desk for a list of records (open or resolved), filtered, groups newest first. */
export function buildDesk(conflicts: readonly ConflictDto[], filters: DeskFilters = NO_FILTERS): Desk {
  const groups = new Map<string, ConflictDto[]>();
  for (const c of conflicts) {
    if (!matches(c, filters)) continue;
    const key = groupKey(c);
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  const desk: Desk = { overlaps: [], rejected: [] };
  for (const [key, list] of groups) {
    list.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? -1 : 1));
    const latest = list[0]!;
    const actors = new Map<string, { id: string; displayName: string }>();
    for (const c of list) if (c.actor && !actors.has(c.actor.id)) actors.set(c.actor.id, c.actor);
    const card: DeskCard = { key, kind: latest.kind, latest, ids: list.map((c) => c.id), count: list.length, latestAt: Date.parse(latest.createdAt), actors: [...actors.values()] };
    (latest.kind === 'overlap' ? desk.overlaps : desk.rejected).push(card);
  }
  const newest = (a: DeskCard, b: DeskCard) => b.latestAt - a.latestAt || (a.key < b.key ? -1 : 1);
  desk.overlaps.sort(newest);
  desk.rejected.sort(newest);
  return desk;
}

/** The toolbar's live counts: open double bookings and rejected attempts (each attempt counted). */
export function deskCounts(open: readonly ConflictDto[]): { overlaps: number; rejected: number } {
  let overlaps = 0;
  for (const c of open) if (c.kind === 'overlap') overlaps++;
  return { overlaps, rejected: open.length - overlaps };
}

/** The assets and authors that occur in the list: the choices of the desk's filters. */
export function filterChoices(conflicts: readonly ConflictDto[]): { assetIds: string[]; actors: { id: string; displayName: string }[] } {
  const assetIds = new Set<string>();
  const actors = new Map<string, { id: string; displayName: string }>();
  for (const c of conflicts) {
    assetIds.add(c.assetId);
    if (c.actor) actors.set(c.actor.id, c.actor);
  }
  return { assetIds: [...assetIds], actors: [...actors.values()].sort((a, b) => a.displayName.localeCompare(b.displayName)) };
}

/** "Ben Planner", "Ben Planner and Ana Planner", "Ben Planner and 2 others". */
export function whoText(actors: readonly { displayName: string }[]): string {
  if (actors.length === 0) return 'Someone';
  if (actors.length === 1) return actors[0]!.displayName;
  if (actors.length === 2) return `${actors[0]!.displayName} and ${actors[1]!.displayName}`;
  return `${actors[0]!.displayName} and ${actors.length - 1} others`;
}
