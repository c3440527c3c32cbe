import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonBody, mockFetch } from '../../test-support/fetch-mock';
import { makeOcc } from '../../test-support/factories';
import type { Placement } from '../timeline/drag-maths';
import type { OccurrenceDto } from './board-types';
import { moveOccurrence, type MoveHost } from './optimistic-move';

const T = Date.parse('2026-12-07T08:00:00Z');
const iso = (t: number) => new Date(t).toISOString();
const o1 = makeOcc({ id: 'o1', jobId: 'j1', assetId: 'a1', startsAt: iso(T), endsAt: iso(T + 3_600_000), version: 3 });
const to: Placement = { assetId: 'a2', start: T + 7_200_000, end: T + 10_800_000 };

function host(): MoveHost & { upserted: OccurrenceDto[]; seen: ReadonlyMap<string, Placement>[] } {
  const seen: ReadonlyMap<string, Placement>[] = [];
  let overrides: ReadonlyMap<string, Placement> = new Map();
  const upserted: OccurrenceDto[] = [];
  return {
    occurrences: new Map([['o1', o1]]),
    get overrides() {
      return overrides;
    },
    set overrides(v) {
      overrides = v;
      seen.push(v);
    },
    assetsById: new Map(),
    zone: 'UTC',
    upsertOccurrences: (list) => void upserted.push(...list),
    upserted,
    seen,
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('moveOccurrence', () => {
  it('shows the placement at once, sends the expected version, and takes the answer', async () => {
    const moved = { ...o1, assetId: 'a2', startsAt: iso(to.start), endsAt: iso(to.end), version: 4 };
    const fetch = mockFetch({ 'PATCH /api/occurrences/o1': () => ({ status: 200, body: { occurrence: moved } }) });
    const h = host();
    expect(await moveOccurrence(h, 'o1', to)).toEqual({ ok: true });
    expect(h.seen.map((m) => [...m])).toEqual([[['o1', to]], []]);
    expect(jsonBody(fetch.mock.calls[0]![1])).toEqual({ expectedVersion: 3, assetId: 'a2', startsAt: iso(to.start), endsAt: iso(to.end) });
    expect(h.upserted).toEqual([moved]);
  });

  it('snaps back on a stale version and takes the server\'s current state', async () => {
    const current = { ...o1, version: 5 };
    mockFetch({ 'PATCH /api/occurrences/o1': () => ({ status: 409, body: { error: { code: 'stale_version', message: 'stale', details: { current } } } }) });
    const h = host();
    const res = await moveOccurrence(h, 'o1', to);
    expect(res.ok).toBe(false);
    expect(!res.ok && res.feedback.message).toMatch(/Someone changed this occurrence/);
    expect(h.overrides.size).toBe(0);
    expect(h.upserted).toEqual([current]);
  });

  it('refuses an occurrence that is not loaded, without a request', async () => {
    const fetch = mockFetch({});
    const res = await moveOccurrence(host(), 'nope', to);
    expect(res).toEqual({ ok: false, feedback: { message: 'This occurrence no longer exists.', suggestions: [] } });
    expect(fetch).not.toHaveBeenCalled();
  });
});
