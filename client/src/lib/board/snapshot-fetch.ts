import { decodeSnapshotTimed, type CompactSnapshot } from '@schedhuler/shared';
import { api } from '../api';
import type { BoardSnapshot } from './board-types';
import { snapshotUrl, takeEarly } from '../early-requests';

/** A snapshot as the store takes it: `instants` are each occurrence's start and end in epoch ms, when known. */
export type FetchedSnapshot = BoardSnapshot & { instants?: Float64Array };

/**
 * The board snapshot for [from, to), asked for in the compact encoding (issue 13.1: at 50,000
 * occurrences a sixth of the default JSON, and far fewer bytes to parse) and decoded with the shared
 * decoder into the default answer's shape, plus the instants it read on the way (the store's range
 * cache keeps numbers: no Date.parse of 100,000 strings at open). A server from before the encoding
 * ignores the parameter (the query is not strict) and sends the default answer, taken as it is.
 * The page's first request is answered by the one main.ts started at load, when it asked for the same range.
 * `firstAssets`: the first view's snapshot (only the occurrences on the board's first n asset rows).
 */
export async function fetchBoardSnapshot(boardId: string, from: number, to: number, init: { signal?: AbortSignal; firstAssets?: number } = {}): Promise<FetchedSnapshot> {
  let page = await fetchPage(snapshotUrl(boardId, from, to, init.firstAssets), init.signal, true);
  if (page.nextFrom === undefined) return page;
  // Cut at the server's cap on occurrences (a week at a big depot): the rest, from where it stopped.
  const pages = [page];
  let at = from;
  while (page.nextFrom !== undefined) {
    const next = Date.parse(page.nextFrom);
    // More occurrences overlap that one instant than an answer carries: asking from it again would get the same.
    if (!(next > at)) throw new Error(`More occurrences overlap ${page.nextFrom} than the board can load at once`);
    at = next;
    page = await fetchPage(snapshotUrl(boardId, at, to, init.firstAssets), init.signal, false);
    pages.push(page);
  }
  return joinPages(pages);
}

async function fetchPage(url: string, signal: AbortSignal | undefined, early: boolean): Promise<FetchedSnapshot> {
  const body = await ((signal || !early ? undefined : takeEarly<CompactSnapshot | BoardSnapshot>(url)) ?? api.get<CompactSnapshot | BoardSnapshot>(url, { signal }));
  return 'encoding' in body && body.encoding === 'compact' ? decodeSnapshotTimed(body) : (body as BoardSnapshot);
}

/**
 * The pages of one range (each but the last cut at `nextFrom`, the next one asked from there) as one
 * snapshot of it: the first page's board-wide parts and `seq`, the oldest, so the live stream replays
 * whatever changed while the later pages were read; every page's occurrences, a row in two pages (one
 * overlapping the cut) given twice, which the range cache merges by version.
 */
export function joinPages(pages: readonly FetchedSnapshot[]): FetchedSnapshot {
  const { nextFrom: _cut, instants: _i, ...first } = pages[0]!;
  const occurrences = pages.flatMap((p) => p.occurrences);
  const joined: FetchedSnapshot = { ...first, occurrences };
  if (pages.every((p) => p.instants)) {
    const instants = new Float64Array(2 * occurrences.length);
    let at = 0;
    for (const p of pages) {
      instants.set(p.instants!.subarray(0, 2 * p.occurrences.length), at);
      at += 2 * p.occurrences.length;
    }
    joined.instants = instants;
  }
  return joined;
}
