import { describe, expect, it } from 'vitest';
import { validateTimezone } from './timezone';

function accepted(tz: string): string {
  const r = validateTimezone(tz);
  if (!r.ok) throw new Error(`expected ${tz} to be accepted: ${r.error.message}`);
  return r.value;
}

function rejected(tz: string): string {
  const r = validateTimezone(tz);
  if (r.ok) throw new Error(`expected ${tz} to be rejected, got ${r.value}`);
  expect(r.error.code).toBe('invalid_timezone');
  expect(r.error.field).toBe('timezone');
  return r.error.message;
}

describe('validateTimezone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['AMERICA/NEW_YORK', 'America/New_York'],
    ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
    ['america/port-au-prince', 'America/Port-au-Prince'],
    ['Australia/Lord_Howe', 'Australia/Lord_Howe'],
    ['Asia/Tokyo', 'Asia/Tokyo'],
    // links are kept as written: runtimes disagree on which spelling is canonical
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['Asia/Calcutta', 'Asia/Calcutta'],
    ['asia/kolkata', 'Asia/Kolkata'],
    ['Europe/Kyiv', 'Europe/Kyiv'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Etc/UTC', 'UTC'],
    ['GMT', 'UTC'],
    ['Etc/GMT', 'UTC'],
    ['Zulu', 'UTC'],
  ])('%s → %s', (input, canonical) => {
    expect(accepted(input)).toBe(canonical);
  });

  it.each([
    ['Mars/Base', 'timezone "Mars/Base" is not a known IANA time zone, expected Area/Location such as Europe/Berlin'],
    ['+02:00', 'timezone "+02:00" is a fixed UTC offset, use an IANA zone such as Europe/Berlin so that DST is applied'],
    ['UTC+2', 'timezone "UTC+2" is a fixed UTC offset, use an IANA zone such as Europe/Berlin so that DST is applied'],
    ['Etc/GMT+2', 'timezone "Etc/GMT+2" is a fixed UTC offset, use an IANA zone such as Europe/Berlin so that DST is applied'],
    ['EST5EDT', 'timezone "EST5EDT" is not a geographic IANA zone name, expected Area/Location such as Europe/Berlin (did you mean America/New_York?)'],
    ['US/Eastern', 'timezone "US/Eastern" is not a geographic IANA zone name, expected Area/Location such as Europe/Berlin (did you mean America/New_York?)'],
    ['Japan', 'timezone "Japan" is not a geographic IANA zone name, expected Area/Location such as Europe/Berlin (did you mean Asia/Tokyo?)'],
    ['Europe/Berlin ', 'timezone "Europe/Berlin " is not a known IANA time zone, expected Area/Location such as Europe/Berlin'],
    ['Europe/Atlantis', 'timezone "Europe/Atlantis" is not a known IANA time zone, expected Area/Location such as Europe/Berlin'],
    ['', 'timezone is required, e.g. Europe/Berlin'],
    ['Europe/' + 'x'.repeat(100), 'timezone is too long (107 characters, at most 64)'],
  ])('%j is rejected', (input, message) => {
    expect(rejected(input)).toBe(message);
  });

  it('rejects abbreviations and non-strings without throwing', () => {
    expect(rejected('EST')).toMatch(/^timezone "EST" is not a geographic IANA zone name/);
    expect(rejected('CET')).toMatch(/^timezone "CET" is not a geographic IANA zone name/);
    expect(rejected(undefined as unknown as string)).toBe('timezone is required, e.g. Europe/Berlin');
  });
});
