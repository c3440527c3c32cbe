import { parse } from 'csv-parse/sync';
import { ASSET_CSV_COLUMNS, createAssetBody, type AssetKind, type AssetStatus, type CsvIssue } from '@schedhuler/shared';
import { LineIndex, unguardCell } from './csv';

/** One data record of an asset import, with the file line it starts on (for error messages). */
export interface AssetCsvRow {
  line: number;
  code: string;
  name: string;
  kind: AssetKind;
  /** Empty cell or no status column: a new asset is `working`, an existing one keeps its status. */
  status?: AssetStatus;
}

export interface ParsedAssetCsv {
  rows: AssetCsvRow[];
  issues: CsvIssue[];
  /** Where each column is (1-based), for issues found later (e.g. against the database). */
  columns: Partial<Record<(typeof ASSET_CSV_COLUMNS)[number], number>>;
}

/** More than this and the answer stops listing them: a wrong file would otherwise list thousands. */
export const MAX_ISSUES = 100;
const REQUIRED = ['code', 'name', 'kind'] as const;

const PARSER_MESSAGES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed (a closing " is missing)',
  INVALID_OPENING_QUOTE: 'a " inside an unquoted cell; quote the whole cell and double the inner quote ("")',
  CSV_INVALID_CLOSING_QUOTE: 'text right after a closing quote; inside a quoted cell write a quote as ""',
};

type ParsedRecord = { record: string[]; info: { bytes: number } };

/**
 * Parses and checks an asset import (RFC 4180, UTF-8, optional BOM, CRLF or LF, quoted line
 * breaks). Nothing here touches the database: the rows come back only when there is no issue.
 */
export function parseAssetCsv(bytes: Uint8Array): ParsedAssetCsv {
  const issues: CsvIssue[] = [];
  const columns: ParsedAssetCsv['columns'] = {};
  let text: string;
  let invalidUtf8 = false;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // A lone surrogate (CESU-8 / WTF-8 bytes) or a broken sequence: found per cell below as U+FFFD.
    invalidUtf8 = true;
    text = new TextDecoder('utf-8').decode(bytes);
  }
  const index = new LineIndex(Buffer.from(text, 'utf8'));
  if (!text.replace(/^\uFEFF/, '').trim()) {
    return { rows: [], issues: [{ line: 1, column: 1, message: `the file is empty; expected a header row ${ASSET_CSV_COLUMNS.join(',')}` }], columns };
  }

  let records: ParsedRecord[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as ParsedRecord[];
  } catch (err) {
    const e = err as { code?: string; bytes?: number; column?: number; message: string };
    const message = (e.code && PARSER_MESSAGES[e.code]) ?? e.message.slice(0, 200);
    return { rows: [], issues: [{ line: index.lineAt(e.bytes ?? 0), column: (e.column ?? 0) + 1, message }], columns };
  }

  // A record starts where the previous one ended, after any blank lines that were skipped.
  const buf = Buffer.from(text, 'utf8');
  const startLine = (i: number) => {
    let at = i === 0 ? 0 : records[i - 1]!.info.bytes;
    while (buf[at] === 0x0a || buf[at] === 0x0d) at++;
    return index.lineAt(at);
  };

  const header = records[0]!.record.map((h) => h.replace(/^\uFEFF/, '').trim().toLowerCase());
  const headerLine = startLine(0);
  header.forEach((name, i) => {
    if (!(ASSET_CSV_COLUMNS as readonly string[]).includes(name)) {
      issues.push({ line: headerLine, column: i + 1, message: `unknown column "${name.slice(0, 40)}"; the columns are ${ASSET_CSV_COLUMNS.join(', ')}` });
    } else if (columns[name as keyof typeof columns] !== undefined) {
      issues.push({ line: headerLine, column: i + 1, field: name, message: `column "${name}" appears twice` });
    } else {
      columns[name as keyof typeof columns] = i + 1;
    }
  });
  for (const name of REQUIRED) {
    if (columns[name] === undefined) issues.push({ line: headerLine, column: header.length + 1, field: name, message: `missing column "${name}"; the header must name ${ASSET_CSV_COLUMNS.join(', ')} (status is optional)` });
  }
  if (issues.length) return { rows: [], issues, columns };

  const rows: AssetCsvRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (let i = 1; i < records.length && issues.length < MAX_ISSUES; i++) {
    const { record } = records[i]!;
    const line = startLine(i);
    if (record.length !== header.length) {
      issues.push({ line, column: Math.min(record.length, header.length) + 1, message: `has ${record.length} cells; the header has ${header.length}` });
      continue;
    }
    const cell = (name: keyof typeof columns) => (columns[name] === undefined ? undefined : unguardCell(record[columns[name] - 1]!));
    const rowIssues: CsvIssue[] = [];
    const bad = (name: keyof typeof columns, message: string) => rowIssues.push({ line, column: columns[name]!, field: name, message: `${name}: ${message}` });
    for (const name of ASSET_CSV_COLUMNS) {
      const value = cell(name);
      if (value === undefined) continue;
      if (value.includes('\u0000')) bad(name, 'contains a NUL character');
      else if (invalidUtf8 && value.includes('\uFFFD')) bad(name, 'is not valid UTF-8 (a lone surrogate or a broken byte sequence)');
    }
    if (!rowIssues.length) {
      const status = cell('status')?.trim();
      const parsed = createAssetBody.safeParse({ code: cell('code'), name: cell('name'), kind: cell('kind')?.trim(), ...(status ? { status } : {}) });
      if (parsed.success) {
        const { code, name, kind } = parsed.data;
        const earlier = firstLineOf.get(code);
        if (earlier !== undefined) bad('code', `"${code}" is on line ${earlier} too (line ${earlier} and line ${line}); each code may appear once`);
        else firstLineOf.set(code, line);
        rows.push({ line, code, name, kind, ...(parsed.data.status ? { status: parsed.data.status } : {}) });
      } else {
        for (const iss of parsed.error.issues) bad(String(iss.path[0]) as keyof typeof columns, iss.message);
      }
    }
    issues.push(...rowIssues);
  }
  if (invalidUtf8 && !issues.length) {
    issues.push({ line: index.lineAt(Buffer.from(text.slice(0, text.indexOf('\uFFFD')), 'utf8').length), column: 1, message: 'the file is not valid UTF-8 (a lone surrogate or a broken byte sequence)' });
  }
  return { rows: issues.length ? [] : rows, issues: issues.slice(0, MAX_ISSUES), columns };
}
