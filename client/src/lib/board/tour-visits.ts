import type { AssetDto, JobKind } from '@schedhuler/shared';

/** What visits are derived from: a drawn block (start may differ from the stored one while it is moved). */
export interface VisitSource {
  id: string;
  start: number;
  name: string;
  kind: JobKind;
  occ: { startsAt: string; stops?: readonly { seq: number; assetId: string; startsAt: string; endsAt: string }[] };
}

/** A tour passing through a site or checkpoint: drawn as a small, read-only mark in that place's row. */
export interface TourVisit {
  key: string;
  assetId: string;
  occurrenceId: string;
  tourName: string;
  kind: JobKind;
  seq: number;
  start: number;
  end: number;
}

const PLACE_KINDS: ReadonlySet<string> = new Set(['site', 'checkpoint']);

/**
 * Per site/checkpoint asset, the tour stops on it that overlap [from, to), in time order. Places carry
 * no occurrences of their own (the guard or van does), so without these their rows are always empty.
 * A stop keeps its offset from its occurrence's start, so a block being moved moves its visits too.
 */
export function tourVisits(
  blocks: Iterable<VisitSource>,
  assetsById: ReadonlyMap<string, Pick<AssetDto, 'kind'>>,
  from = -Infinity,
  to = Infinity,
): Map<string, TourVisit[]> {
  const out = new Map<string, TourVisit[]>();
  for (const b of blocks) {
    const stops = b.occ.stops;
    if (!stops?.length) continue;
    const shift = b.start - Date.parse(b.occ.startsAt);
    for (const s of stops) {
      if (!PLACE_KINDS.has(assetsById.get(s.assetId)?.kind ?? '')) continue;
      const start = Date.parse(s.startsAt) + shift;
      const end = Math.max(start, Date.parse(s.endsAt) + shift);
      // A zero-length stop still counts as a visit at its instant.
      if (!(start < to && (end > from || start >= from))) continue;
      const visit: TourVisit = { key: `${b.id}:${s.seq}`, assetId: s.assetId, occurrenceId: b.id, tourName: b.name, kind: b.kind, seq: s.seq, start, end };
      const list = out.get(s.assetId);
      if (list) list.push(visit);
      else out.set(s.assetId, [visit]);
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.start - b.start || a.key.localeCompare(b.key));
  return out;
}
