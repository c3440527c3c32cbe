/**
 * One hostile change to an otherwise valid body. A body with several bad fields is refused by
 * validation at its first one; the bugs sit behind validation (an instant PostgreSQL cannot store,
 * a string the event log cannot hold), so most fuzzed bodies are valid but for exactly one leaf,
 * and the replacement fits the leaf: an instant gets a hostile instant, a name gets a NUL.
 */
import type { Rng } from './gen';
import { HOSTILE_CRONS, HOSTILE_INSTANTS, HOSTILE_NUMBERS, HOSTILE_STRINGS, HOSTILE_STRUCTURES, BIG } from './hostile';

type Path = (string | number)[];

const INSTANT_LIKE = /^[+-]?\d{4,6}-\d\d-\d\dT/;
const INSERTS = ['\u0000', '\ud800', '\udc00', '\u202e', '\u0007', '\ufffe', '\u{1f600}', '\u0661'];

function leaves(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...path, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  if (path.length) out.push(path);
  return out;
}

function replacementFor(rng: Rng, key: string | number, current: unknown): unknown {
  const r = rng.int(100);
  if (typeof current === 'string') {
    if (key === 'cron' && r < 70) return rng.pick(HOSTILE_CRONS);
    if (INSTANT_LIKE.test(current) && r < 75) return rng.pick(HOSTILE_INSTANTS);
    if (r < 45) {
      const at = rng.int(current.length + 1);
      return current.slice(0, at) + rng.pick(INSERTS) + current.slice(at);
    }
    if (r < 75) return rng.pick(HOSTILE_STRINGS);
    if (r < 78) return BIG.string1MB;
  }
  if (typeof current === 'number' && r < 70) return rng.pick(HOSTILE_NUMBERS);
  if (r < 85) return rng.pick([...HOSTILE_STRINGS, ...HOSTILE_NUMBERS, ...HOSTILE_INSTANTS]);
  return rng.pick(HOSTILE_STRUCTURES);
}

function setAt(root: unknown, path: Path, v: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, unknown>;
  Object.defineProperty(node, path.at(-1)!, { value: v, enumerable: true, configurable: true, writable: true });
}

/** A deep copy of `body` with one leaf replaced (or, now and then, a key dropped). */
export function mutateOne(rng: Rng, body: unknown): unknown {
  const copy = structuredClone(body);
  const paths = leaves(copy);
  if (!paths.length) return copy;
  // Instants and crons are where the server's own limits hide: they are picked three times as often.
  const weightOf = (p: Path) => {
    const v = p.reduce<unknown>((node, k) => (node as Record<string | number, unknown>)[k], copy);
    return p.at(-1) === 'cron' || (typeof v === 'string' && INSTANT_LIKE.test(v)) ? 3 : 1;
  };
  const path = paths[rng.weighted(paths.map(weightOf))]!;
  const key = path.at(-1)!;
  let parent = copy as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) parent = parent[p] as Record<string | number, unknown>;
  if (rng.int(10) === 0 && !Array.isArray(parent)) {
    delete parent[key];
    return copy;
  }
  setAt(copy, path, replacementFor(rng, key, parent[key]));
  return copy;
}
