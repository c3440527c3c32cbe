import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, renderCalendar, utcDateTime, type CalendarEvent } from './ical';

const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

describe('escapeText', () => {
  it('escapes backslash, semicolon, comma and every kind of line break', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });
  it('leaves colons and quotes alone (they need no escaping in TEXT)', () => {
    expect(escapeText('10:00 "A"')).toBe('10:00 "A"');
  });
});

describe('utcDateTime', () => {
  it('writes the instant in UTC with a Z', () => {
    expect(utcDateTime(new Date('2027-03-28T03:00:00+02:00'))).toBe('20270328T010000Z');
  });
});

describe('foldLine', () => {
  it('keeps a line of 75 octets as it is', () => {
    const line = 'X'.repeat(75);
    expect(foldLine(line)).toBe(line);
  });

  it('folds ASCII at 75 octets, continuation lines start with a space and stay within 75', () => {
    const line = `SUMMARY:${'a'.repeat(200)}`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(2);
    expect(physical[0]).toHaveLength(75);
    for (const p of physical.slice(1)) {
      expect(p.startsWith(' ')).toBe(true);
      expect(Buffer.byteLength(p)).toBeLessThanOrEqual(75);
    }
    expect(unfold(folded)).toBe(line);
  });

  it('never splits a multi-byte character (umlauts, CJK, emoji)', () => {
    for (const filler of ['ä', '漢', '🚚', 'aä🚚']) {
      for (let prefix = 0; prefix < 4; prefix++) {
        const line = `SUMMARY:${'x'.repeat(prefix)}${filler.repeat(60)}`;
        const folded = foldLine(line);
        for (const p of folded.split('\r\n')) {
          expect(Buffer.byteLength(p)).toBeLessThanOrEqual(75);
          // A cut code point would decode to U+FFFD.
          expect(Buffer.from(p, 'utf8').toString('utf8')).toBe(p);
          expect(p).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        }
        expect(unfold(folded)).toBe(line);
      }
    }
  });
});

describe('renderCalendar', () => {
  const event: CalendarEvent = {
    uid: 'o-1@schedhuler',
    sequence: 3,
    start: new Date('2026-10-25T00:30:00Z'),
    end: new Date('2026-10-25T01:30:00Z'),
    modified: new Date('2026-10-20T12:00:00Z'),
    summary: 'Night round; gate, yard — Wächter',
    description: 'line one\nline two',
    status: 'CANCELLED',
  };

  it('CRLF after every line, no bare LF, and the required properties', () => {
    const text = renderCalendar({ name: 'Demo, depot', stamp: new Date('2026-10-24T00:00:00Z'), timezone: 'Europe/Berlin', events: [event] });
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = unfold(text).split('\r\n');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain('X-WR-CALNAME:Demo\\, depot');
    expect(lines).toContain('UID:o-1@schedhuler');
    expect(lines).toContain('DTSTAMP:20261024T000000Z');
    expect(lines).toContain('DTSTART:20261025T003000Z');
    expect(lines).toContain('DTEND:20261025T013000Z');
    expect(lines).toContain('SEQUENCE:3');
    expect(lines).toContain('STATUS:CANCELLED');
    expect(lines).toContain('SUMMARY:Night round\\; gate\\, yard — Wächter');
    expect(lines).toContain('DESCRIPTION:line one\\nline two');
  });

  it('an empty calendar is still a valid VCALENDAR', () => {
    const text = renderCalendar({ name: 'x', stamp: new Date(0), events: [] });
    expect(text).toBe('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//schedhuler//calendar feed//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:x\r\nEND:VCALENDAR\r\n');
  });
});
