import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { parseAssetCsv } from './asset-csv';
import { guardCell, LineIndex, toCsv, unguardCell } from './csv';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('formula guard', () => {
  it('prefixes cells a spreadsheet would run as a formula, and only those', () => {
    for (const v of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(guardCell(v)).toBe(`'${v}`);
    for (const v of ['plain', '1', 'a=b', ' =x', '', "'quoted"]) expect(guardCell(v)).toBe(v);
  });
  it('unguard undoes guard, and leaves other leading quotes alone', () => {
    for (const v of ['=1+1', '+1', '-1', '@x', 'plain', "'kept"]) expect(unguardCell(guardCell(v))).toBe(v);
  });
});

describe('toCsv', () => {
  it('RFC 4180: header, CRLF records, quotes around ", comma, CR and LF with quotes doubled', () => {
    const text = toCsv(['a', 'b', 'c', 'd', 'e'], [['x,y', 'say "hi"', 'two\nlines', 'cr\rhere', 'plain'], ['=cmd', 3, true, null, '']]);
    expect(text).toBe('a,b,c,d,e\r\n"x,y","say ""hi""","two\nlines","cr\rhere",plain\r\n\'=cmd,3,true,,\r\n');
    // A real parser reads back what went in (the guarded cell keeps its quote).
    expect(parse(text, { record_delimiter: '\r\n' })).toEqual([
      ['a', 'b', 'c', 'd', 'e'],
      ['x,y', 'say "hi"', 'two\nlines', 'cr\rhere', 'plain'],
      ["'=cmd", '3', 'true', '', ''],
    ]);
  });
});

describe('LineIndex', () => {
  it('counts CRLF, LF and lone CR as one line break each', () => {
    const idx = new LineIndex(bytes('a\r\nb\nc\rd'));
    expect([0, 2, 3, 5, 7, 8].map((o) => idx.lineAt(o))).toEqual([1, 1, 2, 3, 4, 4]);
  });
});

describe('parseAssetCsv', () => {
  it('reads a BOM, CRLF, quoted commas and quotes, any column order, optional status, blank lines', () => {
    const { rows, issues } = parseAssetCsv(bytes('\uFEFFkind,code,name\r\nperson,P-1,"Smith, ""Jo"""\r\n\r\nvehicle,V 2,Van\r\n'));
    expect(issues).toEqual([]);
    expect(rows).toEqual([
      { line: 2, code: 'P-1', name: 'Smith, "Jo"', kind: 'person' },
      { line: 4, code: 'V 2', name: 'Van', kind: 'vehicle' },
    ]);
  });

  it('an exported file (guarded cells) imports back to the same values', () => {
    const text = toCsv(['code', 'name', 'kind', 'status'], [['A1', '=SUM(1)', 'equipment', 'standby'], ['A2', '-minus', 'site', 'working']]);
    const { rows, issues } = parseAssetCsv(bytes(text));
    expect(issues).toEqual([]);
    expect(rows.map((r) => [r.code, r.name, r.status])).toEqual([['A1', '=SUM(1)', 'standby'], ['A2', '-minus', 'working']]);
  });

  it('a quoted line break is read as one cell (and refused in a name), later lines keep their numbers', () => {
    const { issues } = parseAssetCsv(bytes('code,name,kind\r\nA1,"two\r\nlines",person\r\nA2,ok,bogus\r\n'));
    expect(issues).toEqual([
      { line: 2, column: 2, field: 'name', message: 'name: must not contain control characters' },
      { line: 4, column: 3, field: 'kind', message: expect.stringMatching(/^kind: must be one of person, vehicle/) },
    ]);
  });

  it('duplicate codes within the file: the error names both lines', () => {
    const { issues, rows } = parseAssetCsv(bytes('code,name,kind\nD1,a,person\nD2,b,person\nD1,c,person\n'));
    expect(rows).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 4, column: 1, field: 'code' });
    expect(issues[0]!.message).toContain('line 2 and line 4');
  });

  it('header problems: unknown, repeated and missing columns', () => {
    expect(parseAssetCsv(bytes('code,name,kind,colour\nA,b,person,red\n')).issues).toEqual([
      { line: 1, column: 4, message: 'unknown column "colour"; the columns are code, name, kind, status' },
    ]);
    expect(parseAssetCsv(bytes('code,name,name,kind\n')).issues).toEqual([{ line: 1, column: 3, field: 'name', message: 'column "name" appears twice' }]);
    const missing = parseAssetCsv(bytes('code,name\nA,b\n')).issues;
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ line: 1, field: 'kind', message: expect.stringContaining('missing column "kind"') });
  });

  it('a record with too few or too many cells', () => {
    expect(parseAssetCsv(bytes('code,name,kind\nA,b\nB,c,person,extra\n')).issues).toEqual([
      { line: 2, column: 3, message: 'has 2 cells; the header has 3' },
      { line: 3, column: 4, message: 'has 4 cells; the header has 3' },
    ]);
  });

  it('a 1 MB cell is refused by the field limit, with line and column, without echoing it', () => {
    const big = 'x'.repeat(1_000_000);
    const { issues } = parseAssetCsv(bytes(`code,name,kind\nA,"${big}",person\n`));
    expect(issues).toEqual([{ line: 2, column: 2, field: 'name', message: 'name: must be at most 200 characters' }]);
  });

  it('NUL and bytes that are not UTF-8 (a lone surrogate in CESU-8) are refused where they are', () => {
    expect(parseAssetCsv(bytes('code,name,kind\nA,b\u0000c,person\n')).issues).toEqual([{ line: 2, column: 2, field: 'name', message: 'name: contains a NUL character' }]);
    const loneSurrogate = Buffer.concat([Buffer.from('code,name,kind\nA,ok,person\nB,x'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(',person\n')]);
    expect(parseAssetCsv(loneSurrogate).issues).toEqual([{ line: 3, column: 2, field: 'name', message: 'name: is not valid UTF-8 (a lone surrogate or a broken byte sequence)' }]);
  });

  it('broken quoting is an error with its line, not a crash', () => {
    const { issues } = parseAssetCsv(bytes('code,name,kind\nA,"open,person\nB,c,person\n'));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain('never closed');
    expect(parseAssetCsv(bytes('code,name,kind\nA,b"c,person\n')).issues[0]).toMatchObject({ line: 2, column: 2 });
  });

  it('an empty file, a BOM alone or whitespace: no header', () => {
    for (const t of ['', '\uFEFF', ' \r\n ']) {
      expect(parseAssetCsv(bytes(t)).issues).toEqual([{ line: 1, column: 1, message: 'the file is empty; expected a header row code,name,kind,status' }]);
    }
  });

  it('a header alone is an import of nothing', () => {
    expect(parseAssetCsv(bytes('code,name,kind,status\r\n'))).toMatchObject({ rows: [], issues: [] });
  });

  it('lists at most 100 problems', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `C${i},n,nope`).join('\n');
    expect(parseAssetCsv(bytes(`code,name,kind\n${lines}\n`)).issues).toHaveLength(100);
  });
});
