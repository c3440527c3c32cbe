import { jsonInit, readAnswer } from './api';
import { parseHash } from './route';
import { planRanges } from './board/range-cache';
import { rangeQuery } from './board/board-data';
// Not the package's index: this module is bundled into the page's inline boot script, which must not carry zod.
import { MAX_FIRST_ASSETS } from '@schedhuler/shared/domain/asset-rows';

const DAY_MS = 86_400_000;
/** An answer asked for longer ago than this (performance.now() ms) is not used: the page has moved on. */
const MAX_AGE_MS = 10_000;
const early = new Map<string, { at: number; answer: Promise<unknown> }>();

/**
 * The snapshot URL for [from, to): the one `fetchBoardSnapshot` asks for, so an early answer is found
 * by it; with `firstAssets`, the first view's (only the occurrences on the first n asset rows).
 */
export function snapshotUrl(boardId: string, from: number, to: number, firstAssets?: number): string {
  return `/api/boards/${encodeURIComponent(boardId)}?${rangeQuery(from, to)}&encoding=compact${firstAssets ? `&firstAssets=${firstAssets}` : ''}`;
}

/** A timeline row's least height (ROW_HEIGHT, timeline/row-layout.ts). */
const MIN_ROW_PX = 36;
/** How far below the body's bottom the mount window reaches at the top: ROW_STEP + 2 × ROW_MARGIN (timeline/mount-window.svelte.ts). */
const MOUNT_REACH_PX = 180;
/** At this width and below the board page shows the day's agenda, which lists every row's runs. */
export const AGENDA_MAX_WIDTH = 480;

export interface Viewport {
  width: number;
  height: number;
}

/**
 * Issue 13.2: how many asset rows the board's first view asks for in `viewport` (the window's inner
 * size): every row the timeline mounts when it opens at the top (rows are at least 36 px tall, so no
 * more fit), rounded up to a multiple of 8 so a slightly different window asks the same. Null (no
 * first view: the full snapshot alone) when the size is unknown, or on a phone, whose agenda lists
 * the runs of every row.
 */
export function firstViewAssets(viewport: Viewport): number | null {
  const { width, height } = viewport;
  if (!(height > 0 && width > AGENDA_MAX_WIDTH) || !Number.isFinite(height)) return null;
  const rows = Math.ceil((height + MOUNT_REACH_PX) / MIN_ROW_PX);
  return Math.min(MAX_FIRST_ASSETS, Math.ceil(rows / 8) * 8);
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

/** What the page's boot script started: when (performance.now()) and each request's raw answer by URL. */
export interface EarlyFetches {
  at: number;
  answers: Record<string, Promise<Response>>;
}

/** Where the boot script inlined in index.html leaves its EarlyFetches for main.ts (vite/inline-early-boot.ts). */
export const EARLY_GLOBAL = '__schedhulerEarly';
export type EarlyWindow = { [EARLY_GLOBAL]?: EarlyFetches };

/**
 * The URLs asked for at load on the address `hash`: who is signed in and, on a board's address, its
 * first snapshot: its first view's when the viewport is known and not a phone's (`firstViewAssets`).
 */
export function earlyUrls(hash: string, now: number, viewport?: Viewport): string[] {
  const route = parseHash(hash);
  if (route.name !== 'board') return ['/api/auth/me'];
  const { from, to } = firstBoardWindow(now);
  const rows = viewport === undefined ? null : firstViewAssets(viewport);
  // With a first view, the store asks for the full snapshot itself once the first view is drawn.
  return ['/api/auth/me', rows ? snapshotUrl(route.boardId, from, to, rows) : snapshotUrl(route.boardId, from, to)];
}

/**
 * Issue 12/13 (the open): asks for who is signed in and, on a board's address, for the board's first
 * snapshot, both at once, as the JSON calls of api.ts would. Run by the boot script inlined in the
 * page's head, before any script file has arrived (main.ts runs it itself where there is none: the
 * dev server). Answers are only marked handled here: a failure reaches whoever takes it.
 */
export function fetchEarly(hash: string, now: number, viewport?: Viewport): EarlyFetches {
  const answers: Record<string, Promise<Response>> = {};
  for (const url of earlyUrls(hash, now, viewport)) {
    const answer = fetch(url, jsonInit('GET'));
    answer.catch(() => undefined);
    answers[url] = answer;
  }
  return { at: performance.now(), answers };
}

/**
 * Hands the early answers to the app: the session and the board store take them instead of asking
 * again (`takeEarly`). A failed one is forgotten (a 401 before signing in must not answer the page
 * shown after); a 401 still shows the login page, the session taking the `me` answer as it would its own.
 */
export function adoptEarly({ at, answers }: EarlyFetches): void {
  for (const [url, raw] of Object.entries(answers)) {
    const answer = readAnswer<unknown>(raw);
    answer.catch(() => early.delete(url));
    early.set(url, { at, answer });
  }
}

/** The early answer for `url`, once (the next request for it goes to the server), or undefined. */
export function takeEarly<T>(url: string, at = performance.now()): Promise<T> | undefined {
  const hit = early.get(url);
  early.delete(url);
  return hit && at - hit.at <= MAX_AGE_MS ? (hit.answer as Promise<T>) : undefined;
}
