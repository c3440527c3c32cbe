import { PRESENCE_FALLBACK_COLOR, type PresenceUser } from '@schedhuler/shared';
import type { TimelineBlock } from './board-store.svelte';
import type { Ghost } from './live-connection.svelte';

export interface RemoteGhost {
  id: string;
  assetId: string;
  start: number;
  end: number;
  color: string;
  label: string;
}

export interface RemoteCursor {
  userId: string;
  assetId: string;
  at: number;
  color: string;
  name: string;
}


/** Remote drags as outlines of the dragged block's length at the remote position. */
export function ghostsFor(ghosts: ReadonlyMap<string, Ghost>, blocks: ReadonlyMap<string, TimelineBlock>, users: readonly PresenceUser[]): RemoteGhost[] {
  const out: RemoteGhost[] = [];
  for (const g of ghosts.values()) {
    const b = blocks.get(g.occurrenceId);
    if (!b) continue;
    const u = users.find((x) => x.userId === g.userId);
    out.push({ id: g.occurrenceId, assetId: g.assetId, start: g.start, end: g.start + (b.end - b.start), color: u?.color ?? PRESENCE_FALLBACK_COLOR, label: `${u?.displayName ?? 'Someone'} · ${b.name}` });
  }
  return out;
}

export function cursorsFor(others: readonly PresenceUser[]): RemoteCursor[] {
  const out: RemoteCursor[] = [];
  for (const u of others) {
    if (!u.cursor) continue;
    const at = Date.parse(u.cursor.at);
    if (Number.isFinite(at)) out.push({ userId: u.userId, assetId: u.cursor.assetId, at, color: u.color, name: u.displayName });
  }
  return out;
}

/** Occurrence id → colour of the first other planner who selected it. */
export function remoteSelectionColors(others: readonly PresenceUser[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const u of others) for (const id of u.selection ?? []) if (!out.has(id)) out.set(id, u.color);
  return out;
}

/** Who else edits `what` (a job id or a label such as "new task"). */
export function editorsOf(others: readonly PresenceUser[], what: string | null): string[] {
  if (!what) return [];
  return others.filter((u) => u.editing === what).map((u) => u.displayName);
}
