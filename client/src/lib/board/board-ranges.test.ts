import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeOcc } from '../../test-support/factories';
import { BoardRanges } from './board-ranges';

const H = 3_600_000;
const DAY = 24 * H;
const iso = (t: number) => new Date(t).toISOString();
const occ = (id: string, h: number) => makeOcc({ id, jobId: 'j1', assetId: 'a1', startsAt: iso(h * H), endsAt: iso((h + 1) * H) });

afterEach(() => vi.useRealTimers());

describe('BoardRanges', () => {
  it('prefetches only once a visible range is set, and a new schedule replaces the old one', () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestIdleCallback', undefined);
    const r = new BoardRanges();
    const ran: string[] = [];
    r.schedulePrefetch(() => ran.push('none'));
    expect(r.prefetchTask.pending).toBe(false);
    r.visible = { from: 0, to: DAY };
    r.schedulePrefetch(() => ran.push('first'));
    r.schedulePrefetch(() => ran.push('second'));
    vi.advanceTimersByTime(500);
    expect(ran).toEqual(['second']);
    vi.unstubAllGlobals();
  });

  it('plans around the visible range (padded by a day), counts a span on its way as held, and says when the visible range is not loaded', async () => {
    const r = new BoardRanges();
    expect(r.plan({ from: 0, to: DAY }).window).toEqual({ from: -DAY, to: 2 * DAY });
    r.visible = { from: 10 * DAY, to: 11 * DAY };
    expect(r.loadingVisible).toBe(true);
    let answer!: (v: string) => void;
    const got = r.fetch(r.plan(null).fetch[0]!, () => new Promise<string>((res) => (answer = res)), () => null);
    expect(r.plan(null).fetch).toEqual([]); // on its way: not asked for twice
    answer('snap');
    expect(await got).toEqual({ kept: { from: 9 * DAY, to: 12 * DAY }, snap: 'snap' });
    expect(r.plan(null).fetch).toEqual([{ from: 9 * DAY, to: 12 * DAY }]); // not merged into the cache by fetch itself
    r.cache.merge({ from: 9 * DAY, to: 12 * DAY }, []);
    expect(r.loadingVisible).toBe(false);
  });

  it('answers nothing for a span the view has left meanwhile', async () => {
    const r = new BoardRanges();
    r.visible = { from: 0, to: DAY };
    const got = r.fetch({ from: 0, to: DAY }, async () => {
      r.visible = { from: 100 * DAY, to: 101 * DAY };
      return 'late';
    }, () => null);
    expect(await got).toBeNull();
  });

  it('shownIn gives the window\'s occurrences, or null when exactly the ones shown', () => {
    const r = new BoardRanges();
    r.cache.merge({ from: 0, to: 3 * DAY }, [occ('a', 1), occ('b', 30)], [1 * H, 2 * H, 30 * H, 31 * H]);
    const shown = r.shownIn({ from: 0, to: DAY }, new Map())!;
    expect([...shown.keys()]).toEqual(['a']);
    expect(r.shownIn({ from: 0, to: DAY + H }, shown)).toBeNull();
    expect([...r.shownIn({ from: 0, to: 2 * DAY }, shown)!.keys()]).toEqual(['a', 'b']);
    expect(r.shownIn(null, shown)).toEqual(new Map());
  });
});
