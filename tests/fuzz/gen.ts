/**
 * Seeded randomness for the fuzz: one integer seed (`FUZZ_SEED`) drives every choice and every
 * fast-check draw, so a run's sequence of requests can be replayed. (Ids the server generates
 * differ between runs; which pool entry is picked does not.)
 */
import fc from 'fast-check';
import type { World } from './fixture';
import { HOSTILE_CRONS, hostileKey, hostileValue } from './hostile';
import { mutateOne } from './mutate';
import { arbitraryFor, type DeriveOptions } from './zod-arbitrary';

type Schema = { _zod: { def: unknown }; safeParse(v: unknown): { success: boolean } };

/** mulberry32: small, fast, good enough to pick requests. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  weighted(weights: readonly number[]): number {
    let r = this.next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) < 0) return i;
    return weights.length - 1;
  }
  weightedPick<T>(entries: readonly (readonly [T, number])[]): T {
    return entries[this.weighted(entries.map((e) => e[1]))]![0];
  }
}

const VALID_CRONS = ['0 8 * * 1-5', '30 6 * * *', '0 */6 * * *', '15 10 * * 1', '0 22 * * 5', '0 7 1 * *', '0 2 * * *', '30 2 * * 0', '45 23 * * *', '*/30 9-11 * * 2'];
const ZONES = ['Europe/Berlin', 'UTC', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'Etc/GMT+12', 'Mars/Olympus', 'europe/berlin', 'Europe/Berlin\u0000', 'GMT+01:00', ''];
const USERNAMES = ['planner1', 'admin', 'nobody', 'PLANNER1', ' planner1 ', 'a', 'fuzzer'];
const QUARTER_HOUR = 900_000;

export class Gen {
  private readonly queues = new Map<fc.Arbitrary<unknown>, unknown[]>();
  private readonly bodies = new Map<object, { valid: fc.Arbitrary<unknown>; hostile: fc.Arbitrary<unknown> }>();
  private readonly base = Math.floor(Date.now() / QUARTER_HOUR) * QUARTER_HOUR;
  readonly instantArb: fc.Arbitrary<string>;
  private readonly options: DeriveOptions;
  /** How many bodies of each kind were sent: valid, one hostile leaf, many hostile leaves. */
  readonly mix = { valid: 0, oneLeaf: 0, manyLeaves: 0, invalidBase: 0 };

  constructor(
    private readonly rng: Rng,
    private readonly world: () => World,
    hostileWeight: number,
  ) {
    this.instantArb = fc.tuple(fc.integer({ min: -20 * 96, max: 40 * 96 }), fc.constantFrom('Z', '+01:00', '+02:00', '-05:00', '+05:45', '.000Z')).map(([q, suffix]) => {
      const d = new Date(this.base + q * QUARTER_HOUR);
      if (suffix === 'Z' || suffix === '.000Z') return d.toISOString().replace('.000Z', suffix);
      const sign = suffix[0] === '+' ? 1 : -1;
      const [h, m] = suffix.slice(1).split(':').map(Number) as [number, number];
      const local = new Date(d.getTime() + sign * (h * 60 + m) * 60_000);
      return local.toISOString().slice(0, 19) + suffix;
    });
    const ids = (pick: (w: World) => string[]) =>
      fc.tuple(fc.nat(99), fc.nat()).map(([r, i]) => {
        const w = this.world();
        const pool = r < 85 ? pick(w) : r < 92 ? pick({ ...w, A: w.C }) : r < 96 ? pick({ ...w, A: w.B }) : [];
        return pool.length ? pool[i % pool.length]! : crypto.randomUUID();
      });
    const assetIds = ids((w) => w.A.assets);
    const byKey = (key: string): fc.Arbitrary<unknown> | undefined => {
      switch (key) {
        case 'boardId':
          return ids((w) => [w.A.boardId]);
        case 'assetId':
          return assetIds;
        case 'occurrenceId':
          return ids((w) => w.A.occurrences);
        case 'cron':
          return fc.oneof({ arbitrary: fc.constantFrom(...VALID_CRONS), weight: 8 }, { arbitrary: fc.constantFrom(...HOSTILE_CRONS), weight: 2 });
        case 'timezone':
          return fc.constantFrom(...ZONES);
        case 'username':
          return fc.oneof(fc.constantFrom(...USERNAMES), fc.stringMatching(/^[a-z0-9][a-z0-9._-]{1,12}$/));
        case 'expectedVersion':
          return fc.integer({ min: 1, max: 4 });
        case 'seq':
          return fc.integer({ min: 0, max: 5 });
        case 'frequency':
          return fc.integer({ min: 1, max: 3 });
        default:
          return undefined;
      }
    };
    this.options = { byKey, instant: this.instantArb, uuid: fc.uuid(), hostile: hostileValue, hostileWeight, extraKey: hostileKey };
  }

  /** One value of `arb`, drawn from seeded batches (fast-check varies size and bias across a batch). */
  draw<T>(arb: fc.Arbitrary<T>): T {
    let q = this.queues.get(arb);
    if (!q?.length) {
      q = fc.sample(arb, { seed: this.rng.int(2 ** 31), numRuns: 32 });
      this.queues.set(arb, q);
    }
    return q.shift() as T;
  }

  instant(): string {
    return this.draw(this.instantArb);
  }

  /**
   * A body for a shared schema: a third valid as zod sees it (so requests reach the services and the
   * database), most of the rest valid but for one hostile leaf, a few with hostile leaves anywhere.
   */
  body(schema: { _zod: { def: unknown } }): unknown {
    let arbs = this.bodies.get(schema);
    if (!arbs) {
      arbs = { valid: arbitraryFor(schema, { ...this.options, hostileWeight: 0 }), hostile: arbitraryFor(schema, this.options) };
      this.bodies.set(schema, arbs);
    }
    const r = this.rng.int(100);
    if (r < 15) {
      this.mix.manyLeaves++;
      return this.draw(arbs.hostile);
    }
    let base = this.draw(arbs.valid);
    for (let i = 0; i < 12 && !(schema as Schema).safeParse(base).success; i++) base = this.draw(arbs.valid);
    if (!(schema as Schema).safeParse(base).success) this.mix.invalidBase++;
    if (r < 45) {
      this.mix.valid++;
      return base;
    }
    this.mix.oneLeaf++;
    return mutateOne(this.rng, base);
  }
}
