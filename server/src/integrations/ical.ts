/**
 * RFC 5545 text for the calendar feeds: pure formatting, no I/O. Times are written in UTC (`…Z`),
 * which every client places correctly without a VTIMEZONE, including on DST days.
 */

export interface CalendarEvent {
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  /** When the event last changed (LAST-MODIFIED). */
  modified: Date;
  summary: string;
  description?: string;
  location?: string;
  /** TENTATIVE: stored, but double-booked (a conflict someone has to resolve). */
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
}

export interface Calendar {
  name: string;
  /** DTSTAMP of every event: when this feed was produced. */
  stamp: Date;
  /** The board's zone: an X-WR-TIMEZONE hint for display; the times themselves are UTC. */
  timezone?: string;
  events: readonly CalendarEvent[];
}

const PRODID = '-//schedhuler//calendar feed//EN';
const MAX_OCTETS = 75;

/** TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, and line breaks as `\n`. */
export function escapeText(value: string): string {
  return value.replace(/[\\;,]/g, (ch) => `\\${ch}`).replace(/\r\n|\r|\n/g, '\\n');
}

/** `20270328T010000Z`: an instant in UTC as a DATE-TIME value. */
export function utcDateTime(at: Date): string {
  const iso = at.toISOString(); // 2027-03-28T01:00:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

const utf8Length = (cp: number) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/**
 * Folds one content line into physical lines of at most 75 octets (RFC 5545 3.1), each continuation
 * starting with a space that counts towards its 75. Splits only between code points, so a
 * multi-byte character is never cut in half.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const ch of line) {
    const size = utf8Length(ch.codePointAt(0)!);
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = MAX_OCTETS - 1; // the leading space of a continuation line
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function eventLines(e: CalendarEvent, stamp: string): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(e.uid)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART:${utcDateTime(e.start)}`,
    `DTEND:${utcDateTime(e.end)}`,
    `SEQUENCE:${e.sequence}`,
    `LAST-MODIFIED:${utcDateTime(e.modified)}`,
    `SUMMARY:${escapeText(e.summary)}`,
  ];
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  lines.push(`STATUS:${e.status}`, 'TRANSP:OPAQUE', 'END:VEVENT');
  return lines;
}

/** A whole VCALENDAR: folded lines, CRLF after every line (the last one too). */
export function renderCalendar(cal: Calendar): string {
  const stamp = utcDateTime(cal.stamp);
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PRODID}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(cal.name)}`];
  if (cal.timezone) lines.push(`X-WR-TIMEZONE:${escapeText(cal.timezone)}`);
  for (const e of cal.events) lines.push(...eventLines(e, stamp));
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
