import type { AssetDto, ConflictDto, JobDto, OccurrenceDto } from '@schedhuler/shared';
import { nextFreeWindows, SNAP_5_MIN_MS } from '@schedhuler/shared';
import { formatHm, zonedFormatter } from '../timeline/zone';
import { jobLookOf } from './board-blocks';

export interface ConflictLookups {
  assetsById: ReadonlyMap<string, AssetDto>;
  jobs: ReadonlyMap<string, JobDto>;
  occurrences: ReadonlyMap<string, OccurrenceDto>;
  zone: string;
}

export interface InvolvedOccurrence {
  occurrenceId: string;
  name: string;
  start: number;
  end: number;
  assetId: string;
}

export interface ConflictView {
  id: string;
  kind: ConflictDto['kind'];
  badge: string;
  title: string;
  detail: string;
  when: string;
  /** The disputed window. */
  window: { start: number; end: number };
  /** `rejected`: the free slot the server suggested, as text ("Tue, Dec 1 10:30–11:30"). */
  suggestion: string | null;
  involved: InvolvedOccurrence[];
}

export function formatDayRange(start: number, end: number, zone: string): string {
  const day = zonedFormatter(zone, { weekday: 'short', day: 'numeric', month: 'short' }).format(start);
  return `${day} ${formatHm(start, zone)}–${formatHm(end, zone)}`;
}

function involvedOf(c: ConflictDto, l: ConflictLookups): InvolvedOccurrence[] {
  const out: InvolvedOccurrence[] = [];
  for (const id of c.occurrenceIds) {
    const o = l.occurrences.get(id);
    if (!o || o.status === 'cancelled') continue;
    out.push({ occurrenceId: id, name: jobLookOf(o, l.jobs.get(o.jobId)).name, start: Date.parse(o.startsAt), end: Date.parse(o.endsAt), assetId: o.assetId });
  }
  return out;
}

/** Who tried what, where, and what blocked it — in one sentence each. */
export function describeConflict(c: ConflictDto, l: ConflictLookups): ConflictView {
  const asset = l.assetsById.get(c.assetId);
  const where = asset ? `${asset.name} (${asset.code})` : 'an asset';
  const span = formatDayRange(Date.parse(c.startsAt), Date.parse(c.endsAt), l.zone);
  const who = c.actor?.displayName ?? 'Someone';
  // The record keeps the name: a rejected create stored no job to look it up in.
  const jobName = c.jobName ?? (c.jobId ? l.jobs.get(c.jobId)?.name : undefined);
  const involved = involvedOf(c, l);
  const window = { start: Date.parse(c.startsAt), end: Date.parse(c.endsAt) };
  const names = involved.map((i) => `${i.name} (${formatHm(i.start, l.zone)}–${formatHm(i.end, l.zone)})`);
  const when = zonedFormatter(l.zone, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.parse(c.createdAt));
  if (c.kind === 'rejected') {
    return {
      id: c.id,
      kind: c.kind,
      badge: 'Rejected',
      title: `${who} tried to book ${jobName ?? 'a job'} on ${where}, ${span}`,
      detail: names.length ? `Blocked by ${names.join(', ')}. Nothing was stored.` : 'It overlapped another booking. Nothing was stored.',
      when,
      window,
      suggestion: c.suggested ? formatDayRange(Date.parse(c.suggested.startsAt), Date.parse(c.suggested.endsAt), l.zone) : null,
      involved,
    };
  }
  return {
    id: c.id,
    kind: c.kind,
    badge: 'Double-booked',
    title: `${where} is double-booked, ${span}`,
    detail: `${names.length ? `${names.join(' and ')} overlap` : 'Two occurrences overlap'}; booked anyway by ${who}${jobName ? ` for ${jobName}` : ''}.`,
    when,
    window,
    suggestion: null,
    involved,
  };
}

/**
 * The next free slot of the same length on the same asset, ignoring the occurrence itself but not the
 * disputed window (moving the occurrence must free it), or null when the only answer is where it is.
 */
export function nextFreeSlotFor(
  o: InvolvedOccurrence,
  all: readonly { id: string; assetId: string; start: number; end: number }[],
  disputed?: { start: number; end: number },
): { start: number; end: number } | null {
  const busy = all.filter((b) => b.assetId === o.assetId && b.id !== o.occurrenceId).map((b) => ({ start: b.start, end: b.end }));
  if (disputed && o.assetId) busy.push(disputed);
  const slot = nextFreeWindows(busy, o.end - o.start, o.start, 1, o.start + 14 * 86_400_000, SNAP_5_MIN_MS)[0] ?? null;
  return slot && slot.start !== o.start ? slot : null;
}
