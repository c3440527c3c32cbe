/**
 * Hostile values for the fuzz (issue 10, point 6). Some cannot be written as JS values that
 * JSON.stringify would reproduce (10,000-deep nesting would overflow the stringifier, `-0` prints
 * as `0`, `1e999` is not a finite number): those are `RawJson` and are spliced into the body text.
 */
import fc from 'fast-check';

export class RawJson {
  constructor(
    readonly text: string,
    readonly label: string,
  ) {}
}

const MB = 1_000_000;
const deepArray = (n: number) => new RawJson('['.repeat(n) + ']'.repeat(n), `${n}-deep array`);
const deepObject = (n: number) => new RawJson('{"a":'.repeat(n) + '1' + '}'.repeat(n), `${n}-deep object`);
const protoObject = (key: string) => new RawJson(`{"${key}":{"isAdmin":true,"role":"supervisor","polluted":1}}`, `{${key}: …}`);

/** Values that a 1 MB body may still carry (under the 1 MiB cap) and bigger ones (413 over HTTP). */
export const BIG = {
  string1MB: 'a'.repeat(MB),
  string1MBMultiByte: '€'.repeat(MB / 3),
  string10KB: 'x'.repeat(10_000),
  cron10KB: '0 '.repeat(5_000).trim(),
  array100k: Array.from({ length: 100_000 }, () => 0),
};

export const HOSTILE_INSTANTS = [
  // Out of PostgreSQL's range or spilling past 9999 once a duration is added: listed twice, the likeliest 500s.
  '0000-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:30:00Z',
  '9999-12-31T23:30:00Z',
  '10000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '0000-01-01T00:00:00.000+00:00',
  '+275760-09-13T00:00:00.000Z',
  '275760-09-13T00:00:00Z',
  '2026-02-30T08:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-03-29T02:30:00+01:00',
  '2026-10-25T02:30:00+02:00',
  '9999-12-31T23:59:59Z',
  '9999-12-31T23:00:00-14:00',
  '10000-01-01T00:00:00Z',
  '1969-12-31T23:59:59Z',
  '1970-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '2026-01-01T00:00:00+25:00',
  '2026-01-01T00:00:00+14:00',
  '2026-01-01T00:00:00-12:00',
  '2026-01-01T24:00:00Z',
  '2026-01-01T23:59:60Z',
  '２０２６-01-01T00:00:00Z',
  '2026-01-01',
  '2026-01-01T00:00:00',
  'now',
  '',
];

export const HOSTILE_CRONS = [
  BIG.cron10KB,
  '* * * * * * *',
  '* * * * * *',
  '0 0 30 2 *',
  '0 0 31 4 *',
  '*/0 * * * *',
  '0-59/1 0-23 * * *',
  '* * * * *',
  '٠ ٨ * * *',
  '０ ８ * * *',
  '0 8 * * MON-FRI',
  '0 8 * * 7',
  '0 8 L * *',
  '0 8 * * 5#5',
  '0 8 ? * *',
  '@yearly',
  '@reboot',
  '59 23 29 2 1',
  '0 2 * * *',
  '30 2 * * 0',
  '0 8 1-31/1,1,2,3 * *',
  '1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20 * * * *',
  '0 8 * * 1-5,',
  '-1 * * * *',
  '99999999999999999999 * * * *',
  '\u0000 * * * *',
];

export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'x\ud800y',
  '\udfff',
  '\ud83d',
  '\u202eevil',
  'e\u0301\u0301\u0301\u0301',
  '\u200d\u200d\u200d',
  '\ufeff',
  '١٢٣',
  '１２３',
  '<script>alert(1)</script>',
  "'; drop table job; --",
  '../../etc/passwd',
  '%00',
  '%E0%A4%A',
  '${7*7}{{7*7}}',
  '𝕏'.repeat(100),
  '\r\nSet-Cookie: sid=x',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  BIG.string10KB,
];

export const HOSTILE_NUMBERS: unknown[] = [
  1e308,
  -1e308,
  new RawJson('-0', '-0'),
  new RawJson('1e999', '1e999'),
  new RawJson('-1e999', '-1e999'),
  new RawJson('1.0000000000000000000000001', 'long decimal'),
  5e-324,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  2 ** 31,
  -(2 ** 31) - 1,
  0,
  -1,
  0.5,
  1.5,
  1e6,
  2e6,
];

export const HOSTILE_STRUCTURES: unknown[] = [
  null,
  true,
  false,
  [],
  {},
  [null],
  [{}],
  deepArray(10_000),
  deepObject(10_000),
  protoObject('__proto__'),
  protoObject('constructor'),
  protoObject('prototype'),
  new RawJson('{"a":1,"a":2}', 'duplicate keys'),
];

/** Everything above in one arbitrary; big values are weighted down so requests stay fast. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 6 },
  { arbitrary: fc.constantFrom(...HOSTILE_INSTANTS), weight: 4 },
  { arbitrary: fc.constantFrom(...HOSTILE_CRONS), weight: 2 },
  { arbitrary: fc.constantFrom(...HOSTILE_NUMBERS), weight: 5 },
  { arbitrary: fc.constantFrom(...HOSTILE_STRUCTURES), weight: 3 },
  { arbitrary: fc.constantFrom<unknown>(BIG.string1MB, BIG.array100k), weight: 1 },
);

export const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'id', 'boardId', 'version', 'toString', 'hasOwnProperty', '', 'name\u0000', 'x\ud800');

/** Whole bodies that are not what any endpoint expects. */
export const hostileWholeBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...HOSTILE_STRUCTURES, ...HOSTILE_NUMBERS),
  fc.constantFrom<unknown>('x', BIG.string1MB, BIG.string1MBMultiByte, BIG.array100k),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Bodies that are not JSON at all, or not UTF-8. */
export const RAW_BODIES: (string | Buffer)[] = [
  '{',
  '{"a":',
  '',
  ' ',
  'nul',
  "{'single': 'quotes'}",
  '{"a":1}garbage',
  '\ufeff{}',
  '\u0000{}',
  Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
  'a=1&b=2',
  '[' + '1,'.repeat(200_000) + '1]',
];

// A token that JSON.stringify leaves alone and no generated string contains.
const NONCE = `rawjson${Math.random().toString(36).slice(2)}`;
const PLACEHOLDER = new RegExp(`"${NONCE}:(\\d+)"`, 'g');

/** JSON text of a value that may contain RawJson parts anywhere. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  const raws: RawJson[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v);
      return `${NONCE}:${raws.length - 1}`;
    }
    return v;
  });
  if (text === undefined) return 'null';
  return raws.length ? text.replace(PLACEHOLDER, (_m, i: string) => raws[Number(i)]!.text) : text;
}

/** The same value as plain JS (RawJson parsed), for transports that serialise themselves (Socket.IO). */
export function toJsValue(value: unknown): unknown {
  if (value instanceof RawJson) return JSON.parse(value.text);
  if (Array.isArray(value)) return value.some((v) => v instanceof RawJson || (typeof v === 'object' && v !== null)) ? value.map(toJsValue) : value;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: toJsValue(v), enumerable: true, configurable: true, writable: true });
    return out;
  }
  return value;
}
