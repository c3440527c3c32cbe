/**
 * Immutable updates of the board's collections. The store keeps them in `$state.raw` and swaps in
 * new instances: with 10,000 occurrences, deep proxies would cost more than the copies.
 */
import type { AssetDto } from '@schedhuler/shared';
import type { ConflictDto, JobDto, OccurrenceDto } from './board-types';

export function indexById<T extends { id: string }>(list: readonly T[]): Map<string, T> {
  return new Map(list.map((x) => [x.id, x]));
}

/** Upserts, keeping the higher version when both sides know the item. */
export function withVersioned<T extends { id: string; version: number }>(map: ReadonlyMap<string, T>, list: readonly T[]): Map<string, T> {
  const next = new Map(map);
  for (const item of list) {
    const cur = next.get(item.id);
    if (!cur || cur.version <= item.version) next.set(item.id, item);
  }
  return next;
}

export function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): Map<K, V> {
  return new Map(map).set(key, value);
}

export function withoutEntry<K, V>(map: ReadonlyMap<K, V>, key: K): Map<K, V> {
  const next = new Map(map);
  next.delete(key);
  return next;
}

export function withJob(jobs: ReadonlyMap<string, JobDto>, job: JobDto): ReadonlyMap<string, JobDto> {
  return withVersioned(jobs, [job]);
}

/** Open conflicts first by recency; a resolved one leaves the list. */
export function withConflict(list: readonly ConflictDto[], c: ConflictDto): ConflictDto[] {
  const rest = list.filter((x) => x.id !== c.id);
  return c.resolvedAt ? rest : [c, ...rest];
}

export function withAsset(list: readonly AssetDto[], a: AssetDto): AssetDto[] {
  const i = list.findIndex((x) => x.id === a.id);
  if (i === -1) return [...list, a];
  if (list[i]!.version > a.version) return [...list];
  return list.map((x) => (x.id === a.id ? a : x));
}

export function toIso(t: number): string {
  return new Date(t).toISOString();
}

export function rangeQuery(from: number, to: number): string {
  return new URLSearchParams({ from: toIso(from), to: toIso(to) }).toString();
}

export type { OccurrenceDto };

export function emptyMap<K, V>(): ReadonlyMap<K, V> {
  return new Map<K, V>();
}
