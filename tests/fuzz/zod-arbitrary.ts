/**
 * fast-check arbitraries derived from the shared zod 4 schemas, by walking `schema._zod.def`.
 * No maintained package does this for zod 4 (zod-fast-check 0.10 targets zod 3), and the fuzz only
 * needs the shapes our schemas use: object, string (length, regex, guid, datetime), number (int,
 * bounds), boolean, enum, literal, array, union, optional, nullable, default, pipe.
 *
 * Values are *mostly valid* so the fuzz gets past validation into the services, and hostile where
 * `opts.hostile` says: each leaf is replaced by a hostile value with some weight, objects sometimes
 * lose a required key or gain an unknown / `__proto__` one.
 */
import fc from 'fast-check';

type AnySchema = { _zod: { def: any } };
type Arb = fc.Arbitrary<unknown>;

export interface DeriveOptions {
  /** A specific arbitrary for a property name (ids from the live pools, crons, zones, instants). */
  byKey?: (key: string) => Arb | undefined;
  /** An instant in ISO form (z.iso.datetime). */
  instant: Arb;
  /** A UUID that is not tied to a key (z.guid / z.uuid). */
  uuid: Arb;
  /** Any hostile value; mixed into every leaf with weight `hostileWeight` (out of 20). */
  hostile: Arb;
  hostileWeight: number;
  /** Keys added to objects now and then (`__proto__`, `constructor`, typos). */
  extraKey: fc.Arbitrary<string>;
}

const checksOf = (def: any): any[] => (def.checks ?? []).map((c: any) => c._zod?.def ?? c);

function stringArb(def: any, o: DeriveOptions): Arb {
  if (def.format === 'datetime') return o.instant;
  if (def.format === 'guid' || def.format === 'uuid') return o.uuid;
  let minLength = 0;
  let maxLength = 40;
  let pattern: RegExp | undefined;
  for (const c of checksOf(def)) {
    if (c.check === 'min_length') minLength = c.minimum;
    else if (c.check === 'max_length') maxLength = Math.min(c.maximum, 60);
    else if (c.check === 'length_equals') minLength = maxLength = c.length;
    else if (c.check === 'string_format' && c.format === 'regex') pattern = c.pattern;
  }
  if (pattern) {
    return fc.stringMatching(pattern).filter((s) => s.length >= minLength && s.length <= Math.max(maxLength, minLength));
  }
  return fc.oneof(
    { arbitrary: fc.string({ minLength, maxLength: Math.max(minLength, maxLength) }), weight: 4 },
    { arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength: Math.max(minLength, maxLength) }), weight: 1 },
  );
}

function numberArb(def: any): Arb {
  let int = false;
  let min = -1_000_000;
  let max = 1_000_000;
  for (const c of checksOf(def)) {
    if (c.check === 'number_format' && /int/.test(c.format)) int = true;
    else if (c.check === 'greater_than') min = c.inclusive ? c.value : c.value + (int ? 1 : Number.EPSILON);
    else if (c.check === 'less_than') max = c.inclusive ? c.value : c.value - (int ? 1 : Number.EPSILON);
  }
  // Our refinements use Number.isInteger; most numeric fields are integers.
  if (int || checksOf(def).some((c) => c.check === 'custom')) {
    return fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), fc.constantFrom(Math.ceil(min), Math.floor(max)));
  }
  return fc.double({ min, max, noNaN: true });
}

/** The arbitrary for one schema; `key` is the property name it sits under, if any. */
export function arbitraryFor(schema: AnySchema, o: DeriveOptions, key?: string): Arb {
  const byKey = key !== undefined ? o.byKey?.(key) : undefined;
  const plain = byKey ?? derive(schema, o);
  if (o.hostileWeight <= 0 || isComposite(schema)) return plain;
  return fc.oneof({ arbitrary: plain, weight: 20 - o.hostileWeight }, { arbitrary: o.hostile, weight: o.hostileWeight });
}

function isComposite(schema: AnySchema): boolean {
  const t = schema._zod.def.type;
  return t === 'optional' || t === 'default' || t === 'nullable' || t === 'pipe';
}

function derive(schema: AnySchema, o: DeriveOptions): Arb {
  const def = schema._zod.def;
  switch (def.type) {
    case 'string':
      return stringArb(def, o);
    case 'number':
      return numberArb(def);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'null':
      return fc.constant(null);
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return derive(def.innerType, o);
    case 'nullable':
      return fc.option(derive(def.innerType, o), { nil: null, freq: 6 });
    case 'pipe':
      return derive(def.in, o);
    case 'array':
      return arrayArb(def, o);
    case 'union':
      return fc.oneof(...(def.options as AnySchema[]).map((s) => derive(s, o)));
    case 'object':
      return objectArb(def, o);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function arrayArb(def: any, o: DeriveOptions): Arb {
  let minLength = 0;
  let maxLength = 4;
  for (const c of checksOf(def)) {
    if (c.check === 'min_length') minLength = c.minimum;
    else if (c.check === 'max_length') maxLength = Math.min(c.maximum, Math.max(4, minLength));
  }
  return fc.array(arbitraryFor(def.element, o), { minLength, maxLength: Math.max(minLength, maxLength) });
}

const OPTIONAL_TYPES = new Set(['optional', 'default', 'prefault']);

function objectArb(def: any, o: DeriveOptions): Arb {
  const shape = def.shape as Record<string, AnySchema>;
  const keys = Object.keys(shape);
  const requiredKeys = keys.filter((k) => !OPTIONAL_TYPES.has(shape[k]!._zod.def.type));
  const record = fc.record(Object.fromEntries(keys.map((k) => [k, arbitraryFor(shape[k]!, o, k)])), { requiredKeys });
  if (o.hostileWeight <= 0) return record;
  return fc.tuple(record, fc.nat(19), fc.constantFrom(...keys, ''), o.extraKey, o.hostile).map(([value, dice, dropKey, extra, extraValue]) => {
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    if (dice === 0 && dropKey) delete out[dropKey];
    // defineProperty: `out.__proto__ = v` would set the prototype, not send a "__proto__" key.
    if (dice === 1) Object.defineProperty(out, extra, { value: extraValue, enumerable: true, configurable: true, writable: true });
    return out;
  });
}
