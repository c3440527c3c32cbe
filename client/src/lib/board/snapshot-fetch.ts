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
  const url = snapshotUrl(boardId, from, to, init.firstAssets);
  const body = await ((init.signal ? undefined : takeEarly<CompactSnapshot | BoardSnapshot>(url)) ?? api.get<CompactSnapshot | BoardSnapshot>(url, { signal: init.signal }));
  return 'encoding' in body && body.encoding === 'compact' ? decodeSnapshotTimed(body) : (body as BoardSnapshot);
}
