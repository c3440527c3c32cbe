import { api } from './api';
import { parseHash } from './route';
import { planRanges } from './board/range-cache';
import { rangeQuery } from './board/board-data';

const DAY_MS = 86_400_000;
/** An answer asked for longer ago than this (performance.now() ms) is not used: the page has moved on. */
const MAX_AGE_MS = 10_000;
const early = new Map<string, { at: number; answer: Promise<unknown> }>();

/** The snapshot URL for [from, to): the one `fetchBoardSnapshot` asks for, so an early answer is found by it. */
export function snapshotUrl(boardId: string, from: number, to: number): string {
  return `/api/boards/${encodeURIComponent(boardId)}?${rangeQuery(from, to)}&encoding=compact`;
}

/**
 * The window the board page's first `ensure` loads: the Day view around `now` in UTC (the board's zone
 * is not known before its snapshot) with the store's day of padding either side. When the page asks
 * for anything else (midnight passed meanwhile), the early answer is simply not used.
 *
 * UTC days are whole multiples of 24 h from the epoch, so plain arithmetic gives `rangeFor(now, 'day',
 * 'UTC')` here without the zone helpers, whose first Intl.DateTimeFormat (ICU's zone data loaded on
 * first use) took 77 ms in a profile of the open on the loaded 2-core box, before the requests went out.
 */
export function firstBoardWindow(now: number): { from: number; to: number } {
  const start = now - (((now % DAY_MS) + DAY_MS) % DAY_MS);
  return planRanges({ from: start, to: start + DAY_MS }, [], { pad: DAY_MS }).window;
}

function start(url: string): void {
  const answer = api.get<unknown>(url);
  // A failed early request is forgotten (a 401 before signing in must not answer the page shown after).
  answer.catch(() => early.delete(url));
  early.set(url, { at: performance.now(), answer });
}

/**
 * Issue 12 (open ≤ 1 s): asks for who is signed in and, on a board's address, for the board's first
 * snapshot before the app's code is even loaded, both at once, instead of the snapshot waiting for
 * the session answer and the board page's mount. A 401 still shows the login page: the session
 * takes the `me` answer as it would its own.
 */
export function startEarlyRequests(hash: string, now: number): void {
  start('/api/auth/me');
  const route = parseHash(hash);
  if (route.name !== 'board') return;
  const { from, to } = firstBoardWindow(now);
  start(snapshotUrl(route.boardId, from, to));
}

/** The early answer for `url`, once (the next request for it goes to the server), or undefined. */
export function takeEarly<T>(url: string, at = performance.now()): Promise<T> | undefined {
  const hit = early.get(url);
  early.delete(url);
  return hit && at - hit.at <= MAX_AGE_MS ? (hit.answer as Promise<T>) : undefined;
}
