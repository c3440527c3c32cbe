/**
 * Immutable set and map updates for `$state.raw` fields: each returns a new collection, so readers of
 * the field see every change (a plain module, so the built-in collections are the point, not a slip).
 */
export function setOf<T>(items: Iterable<T>): ReadonlySet<T> {
  return new Set(items);
}

export function toggled<T>(set: ReadonlySet<T>, item: T): ReadonlySet<T> {
  const next = new Set(set);
  if (next.has(item)) next.delete(item);
  else next.add(item);
  return next;
}

export function withEntries<K, V>(map: ReadonlyMap<K, V>, entries: Iterable<readonly [K, V]>): ReadonlyMap<K, V> {
  const next = new Map(map);
  for (const [k, v] of entries) next.set(k, v);
  return next;
}

export function withoutKeys<K, V>(map: ReadonlyMap<K, V>, keys: Iterable<K>): ReadonlyMap<K, V> {
  const next = new Map(map);
  for (const k of keys) next.delete(k);
  return next;
}
