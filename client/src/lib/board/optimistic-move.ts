import type { AssetDto } from '@schedhuler/shared';
import { api, ApiError } from '../api';
import type { Placement } from '../timeline/drag-maths';
import { toIso, withEntry, withoutEntry } from './board-data';
import type { OccurrenceDto } from './board-types';
import { explainMoveFailure } from './move-feedback';
import type { MoveFeedback } from './move-feedback';

export type MoveResult = { ok: true } | { ok: false; feedback: MoveFeedback };

/** What a move reads and writes of the store. */
export interface MoveHost {
  readonly occurrences: ReadonlyMap<string, OccurrenceDto>;
  overrides: ReadonlyMap<string, Placement>;
  readonly assetsById: ReadonlyMap<string, AssetDto>;
  readonly zone: string;
  upsertOccurrences(list: readonly OccurrenceDto[]): void;
}

/**
 * Optimistic move/resize: the block jumps at once (an override) and snaps back if the server says no;
 * a stale version takes the server's current state, and the failure is explained in words.
 */
export async function moveOccurrence(host: MoveHost, id: string, to: Placement): Promise<MoveResult> {
  const occ = host.occurrences.get(id);
  if (!occ) return { ok: false, feedback: { message: 'This occurrence no longer exists.', suggestions: [] } };
  host.overrides = withEntry(host.overrides, id, to);
  const drop = () => {
    if (host.overrides.has(id)) host.overrides = withoutEntry(host.overrides, id);
  };
  try {
    const res = await api.patch<{ occurrence: OccurrenceDto }>(`/api/occurrences/${encodeURIComponent(id)}`, {
      expectedVersion: occ.version,
      assetId: to.assetId,
      startsAt: toIso(to.start),
      endsAt: toIso(to.end),
    });
    drop();
    host.upsertOccurrences([res.occurrence]);
    return { ok: true };
  } catch (e) {
    drop();
    if (e instanceof ApiError && e.code === 'stale_version') {
      const current = (e.details as { current?: OccurrenceDto } | null)?.current;
      if (current?.id === id) host.upsertOccurrences([current]);
    }
    return { ok: false, feedback: explainMoveFailure(e, { occurrence: occ, placement: to, assetsById: host.assetsById, zone: host.zone }) };
  }
}
