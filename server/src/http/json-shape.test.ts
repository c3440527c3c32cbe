import { describe, expect, it } from 'vitest';
import { jsonShapeProblem, MAX_JSON_DEPTH, MAX_JSON_VALUES } from './json-shape';

const MiB = 1024 * 1024;

describe('jsonShapeProblem', () => {
  it('lets ordinary bodies through, brackets and commas inside strings included', () => {
    for (const ok of [
      '{"name":"a, [b] {c}","cron":"0 8 * * 1-5"}',
      '{"quote":"say \\"[[[[\\" twice","backslash":"C:\\\\","x":[1,2,{"y":[]}]}',
      JSON.stringify({ sites: Array.from({ length: 500 }, (_, i) => ({ seq: i, assetId: 'a', gapMin: 0, durationMin: 1 })) }),
      '"just a string"',
      '{"unterminated": "abc',
      '',
    ]) {
      expect(jsonShapeProblem(ok), ok.slice(0, 60)).toBeNull();
    }
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels, terminated or not`, () => {
    expect(jsonShapeProblem('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toBeNull();
    expect(jsonShapeProblem('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1))).toBe(`nests deeper than ${MAX_JSON_DEPTH} levels`);
    expect(jsonShapeProblem('{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000))).toBe(`nests deeper than ${MAX_JSON_DEPTH} levels`);
    expect(jsonShapeProblem('['.repeat(MiB))).toBe(`nests deeper than ${MAX_JSON_DEPTH} levels`);
  });

  it(`refuses more than ${MAX_JSON_VALUES} values`, () => {
    expect(jsonShapeProblem(`[${'0,'.repeat(MAX_JSON_VALUES - 2)}0]`)).toBeNull();
    expect(jsonShapeProblem(`[${'0,'.repeat(MAX_JSON_VALUES)}0]`)).toBe('holds more than 20,000 values');
    expect(jsonShapeProblem(`{${Array.from({ length: 50_000 }, (_, i) => `"k${i}":1`).join(',')}}`)).toBe('holds more than 20,000 values');
  });

  it('answers within a few milliseconds for 1 MiB bodies of any shape', () => {
    const bodies = [
      JSON.stringify('a'.repeat(MiB)),
      `{"n":${'1'.repeat(MiB)}}`,
      `"${'\\"'.repeat(MiB / 2)}"`,
      `[${'{},'.repeat(MiB / 3)}{}]`,
      'a'.repeat(MiB),
    ];
    for (const body of bodies) jsonShapeProblem(body);
    for (const body of bodies) {
      // The fastest of five: other processes on a shared machine stretch single runs, not all of them.
      let fastest = Infinity;
      for (let run = 0; run < 5; run++) {
        const started = performance.now();
        jsonShapeProblem(body);
        fastest = Math.min(fastest, performance.now() - started);
      }
      expect(fastest, body.slice(0, 20)).toBeLessThan(20);
    }
  });
});
