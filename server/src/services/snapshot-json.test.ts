import { describe, expect, it } from 'vitest';
import { RawJson, snapshotJson } from './snapshot-cache';

describe('snapshotJson', () => {
  it('writes what JSON.stringify writes, with RawJson values copied in as they are', () => {
    const occurrences = { id: ['a', 'b'], s: [1.5, -2], stops: { '1': [[1, 0, 0, 5]] } };
    const dict = { assets: ['x'], jobs: [['j', 'Nacht \u00e9 "rund"', 'task']], actors: [] };
    const plain = { encoding: 'compact', v: 1, board: { name: 'Dépôt' }, skipped: undefined, seq: 4, role: 'viewer', dict, occurrences };
    const raw = { ...plain, dict: new RawJson(Buffer.from(JSON.stringify(dict))), occurrences: new RawJson(Buffer.from(JSON.stringify(occurrences))) };
    expect(snapshotJson(raw).toString()).toBe(JSON.stringify(plain));
    expect(snapshotJson(plain).toString()).toBe(JSON.stringify(plain));
    // A kept part first, in the middle, or alone.
    const first = { occurrences: new RawJson(Buffer.from('[1,2]')), seq: 1, last: undefined };
    expect(snapshotJson(first).toString()).toBe('{"occurrences":[1,2],"seq":1}');
    expect(snapshotJson({ a: 1, o: new RawJson(Buffer.from('{}')), b: [] }).toString()).toBe('{"a":1,"o":{},"b":[]}');
    expect(snapshotJson({ o: new RawJson(Buffer.from('null')) }).toString()).toBe('{"o":null}');
    expect(snapshotJson({}).toString()).toBe('{}');
    // A kept part in pieces (the compact columns, segment by segment).
    const pieces = new RawJson([Buffer.from('{"id":['), Buffer.from('"a"'), Buffer.from(','), Buffer.from('"b"'), Buffer.from(']}')]);
    expect(snapshotJson({ seq: 2, occurrences: pieces, role: 'planner' }).toString()).toBe('{"seq":2,"occurrences":{"id":["a","b"]},"role":"planner"}');
  });
});
