import { stringify } from 'csv-stringify/sync';

/**
 * A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection"):
 * `= + - @`, and tab / carriage return, which some spreadsheets skip before looking.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const GUARDED = /^'[=+\-@\t\r]/;

/** Prefixes a formula-looking cell with `'`, so a spreadsheet shows it as text. */
export function guardCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Undoes `guardCell` on import, so an exported file imports back to the same values. */
export function unguardCell(value: string): string {
  return GUARDED.test(value) ? value.slice(1) : value;
}

export type CsvCell = string | number | boolean | null | undefined;

/**
 * RFC 4180 text: a header row, CRLF after every record, cells with `"`, `,`, CR or LF quoted
 * (quotes doubled), every text cell guarded against formulas. Numbers and booleans are ours and
 * never start with a formula character, so they go out as they are.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const records = rows.map((row) => row.map((cell) => (typeof cell === 'string' ? guardCell(cell) : cell)));
  return stringify([[...header], ...records], { record_delimiter: 'windows', quoted_match: /[\r\n]/, cast: { boolean: (b) => (b ? 'true' : 'false') } });
}

/** 1-based line numbers of byte offsets in a text (CRLF, LF or a lone CR end a line). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(bytes: Uint8Array) {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) this.starts.push(i + 1);
    }
  }

  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}
