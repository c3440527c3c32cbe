import { describe, expect, it } from 'vitest';
import { isIntervalSchedule, MAX_CRON_LENGTH, parseCron } from './cron-parser';
import type { CronMode } from './types';

function error(expr: string, mode: CronMode = 'job'): string {
  const r = parseCron(expr, mode);
  if (r.ok) throw new Error(`expected '${expr}' to be rejected, got ${r.value.normalized}`);
  expect(r.error.code).toBe('invalid_cron');
  expect(r.error.field).toBe('cron');
  return r.error.message;
}

function normalized(expr: string, mode: CronMode = 'job'): string {
  const r = parseCron(expr, mode);
  if (!r.ok) throw new Error(`expected '${expr}' to be accepted: ${r.error.message}`);
  return r.value.normalized;
}

describe('parseCron: bad input (issue 3) with exact messages', () => {
  const cases: [string, string][] = [
    ['', 'cron is empty, expected 5 fields (minute hour day-of-month month day-of-week), e.g. 0 8 * * 1-5'],
    ['   ', 'cron is empty, expected 5 fields (minute hour day-of-month month day-of-week), e.g. 0 8 * * 1-5'],
    ['* * *', 'cron has 3 fields, expected 5 (minute hour day-of-month month day-of-week)'],
    ['0 0 1 1 * 2030', 'cron has 6 fields, expected 5 (minute hour day-of-month month day-of-week); a seconds field is only allowed in the preview'],
    ['0 0 0 1 1 * 2030', 'cron has 7 fields, expected 5 (minute hour day-of-month month day-of-week); a year field is not supported'],
    ['0 0 0 1 1 * 2030 9', 'cron has 8 fields, expected 5 (minute hour day-of-month month day-of-week)'],
    ['61 * * * *', 'minute: 61 is outside 0–59'],
    ['0 24 * * *', 'hour: 24 is outside 0–23'],
    ['0 0 32 * *', 'day-of-month: 32 is outside 1–31'],
    ['0 0 0 * *', 'day-of-month: 0 is outside 1–31'],
    ['0 0 * 13 *', 'month: 13 is outside 1–12'],
    ['0 0 * 0 *', 'month: 0 is outside 1–12'],
    ['0 0 * * 8', 'day-of-week: 8 is outside 0–7 (0 and 7 are Sunday)'],
    ['*/0 * * * *', "minute: step 0 in '*/0' is outside 1–60"],
    ['0 */25 * * *', "hour: step 25 in '*/25' is outside 1–24"],
    ['1-0 * * * *', 'minute: range 1-0 is reversed; to wrap around, write 1-59,0'],
    ['0 22-2 * * *', 'hour: range 22-2 is reversed; to wrap around, write 22-23,0-2'],
    ['0 0 * 12-1 *', 'month: range 12-1 is reversed; to wrap around, write 12,1'],
    ['0 0 * * 6-1', 'day-of-week: range 6-1 is reversed; to wrap around, write 6,0-1'],
    ['0 0 * * 5-0', 'day-of-week: range 5-0 is reversed (write 5-7, 7 is Sunday)'],
    ['@reboot', '@reboot is not supported: a schedule needs a time, e.g. @daily or 0 8 * * *'],
    ['@hourlyy', "unknown nickname '@hourlyy', expected one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly"],
    ['@daily 5', 'nickname @daily must be the whole cron, without other fields'],
    ['\u0665 * * * *', "minute: '\u0665' (U+0665) is not an ASCII digit, use 0–9"],
    ['0 \uff18 * * *', "hour: '\uff18' (U+FF18) is not an ASCII digit, use 0–9"],
    ['0 0 * * MON\u0000', 'day-of-week: unexpected character U+0000'],
    ['0 0 30 2 *', 'day 30 of February never occurs — this schedule never runs'],
    ['0 0 30,31 2 *', 'days 30 and 31 of February never occur — this schedule never runs'],
    ['0 0 31 4,6,9,11 *', 'day 31 of April, June, September and November never occurs — this schedule never runs'],
    ['0 0 30W 2 *', 'day 30 of February never occurs — this schedule never runs'],
    ['* * * * *', "minute: every-minute schedules are not allowed for jobs ('*'), pick minutes such as 0 or */5"],
    ['*/1 9 * * *', "minute: every-minute schedules are not allowed for jobs ('*/1'), pick minutes such as 0 or */5"],
    ['0-59 9 * * *', "minute: every-minute schedules are not allowed for jobs ('0-59'), pick minutes such as 0 or */5"],
    ['1,,2 * * * *', "minute: empty list item in '1,,2'"],
    ['a * * * *', "minute: 'a' is not valid, expected a number 0–59"],
    ['0 0 * JANUARY *', "month: 'JANUARY' is not valid, expected a number 1–12 or a name JAN–DEC"],
    ['0 0 * * MOM', "day-of-week: 'MOM' is not valid, expected a number 0–7 or a name SUN–SAT"],
    ['0 0 L-2 * *', "day-of-month: 'L-2' (an offset from the last day) is not supported, use L for the last day"],
    ['0 0 1-5W * *', "day-of-month: '1-5W' is not valid, W takes a single day, e.g. 15W"],
    ['0 0 32W * *', 'day-of-month: 32 is outside 1–31'],
    ['0 0 * * L', "day-of-week: 'L' needs a weekday, e.g. 5L for the last Friday of the month"],
    ['0 0 * * 1#6', "day-of-week: occurrence 6 in '1#6' is outside 1–5"],
    ['0 0 * * 1#0', "day-of-week: occurrence 0 in '1#0' is outside 1–5"],
    ['0 0 * * 1-5#2', "day-of-week: '1-5#2' is not valid, # takes a single weekday, e.g. 5#2 (list several: 1#2,3#2)"],
    ['0 0 * * 5#L', "day-of-week: '5#L' is not supported, write 5L for the last one"],
    ['0 0 * * 9#2', 'day-of-week: 9 is outside 0–7 (0 and 7 are Sunday)'],
    ['*/x * * * *', "minute: step 'x' in '*/x' is not a number 1–60"],
    ['0 L * * *', "hour: 'L' is not valid, expected a number 0–23"],
    ['0 ? * * *', "hour: '?' is not valid, expected a number 0–23"],
    ['99999999999999999999 * * * *', 'minute: 99999999999999999999 is outside 0–59'],
  ];
  it.each(cases)('%j → %s', (expr, message) => {
    expect(error(expr)).toBe(message);
  });

  it('names the preview shapes in preview mode', () => {
    expect(error('* * *', 'preview')).toBe(
      'cron has 3 fields, expected 5 (minute hour day-of-month month day-of-week) or 6 with a leading seconds field',
    );
    expect(error('60 * * * * *', 'preview')).toBe('second: 60 is outside 0–59');
  });

  it('rejects a 10 KB string by its length, quickly', () => {
    const huge = '1,'.repeat(5120);
    const t0 = performance.now();
    expect(error(huge)).toBe(`cron is too long (10240 characters, at most ${MAX_CRON_LENGTH})`);
    expect(performance.now() - t0).toBeLessThan(20);
  });

  it('rejects a non-string without throwing', () => {
    expect(error(42 as unknown as string)).toBe('cron must be a string');
  });
});

describe('parseCron: accepted syntax', () => {
  const cases: [string, string, CronMode?][] = [
    ['0 8 * * 1-5', '0 8 * * 1-5'],
    ['  0   8 * *\t1-5 ', '0 8 * * 1-5'],
    ['0 8 * * MON-FRI', '0 8 * * 1-5'],
    ['0 8 * * fri-sun', '0 8 * * 5-7'],
    ['0 12 * JAN-MAR,dec MON', '0 12 * 1-3,12 1'],
    ['0 0 * * 7', '0 0 * * 0'],
    ['0 0 * * 0,7', '0 0 * * 0'],
    ['0,0,30 8 * * *', '0,30 8 * * *'],
    ['0 0 ? * 1', '0 0 * * 1'],
    ['5/15 * * * *', '5-59/15 * * * *'],
    ['0 9-17/2 * * *', '0 9-17/2 * * *'],
    ['0 0 L * *', '0 0 L * *'],
    ['0 0 LW * *', '0 0 LW * *'],
    ['0 0 15W * *', '0 0 15W * *'],
    ['0 0 * * 5#2', '0 0 * * 5#2'],
    ['0 0 * * FRI#2,MON#1', '0 0 * * 5#2,1#1'],
    ['0 0 * * 5L', '0 0 * * 5L'],
    ['0 0 29 2 *', '0 0 29 2 *'],
    ['0 0 31 * *', '0 0 31 * *'],
    ['@hourly', '0 * * * *'],
    ['@daily', '0 0 * * *'],
    ['@midnight', '0 0 * * *'],
    ['@weekly', '0 0 * * 0'],
    ['@monthly', '0 0 1 * *'],
    ['@yearly', '0 0 1 1 *'],
    ['@ANNUALLY', '0 0 1 1 *'],
    ['*/7 * * * *', '*/7 * * * *'],
    ['* * * * *', '* * * * *', 'preview'],
    ['*/10 * * * * *', '*/10 * * * * *', 'preview'],
    ['30 0 8 * * 1-5', '30 0 8 * * 1-5', 'preview'],
    ['0 0 * 2 1#5', '0 0 * 2 1#5'],
  ];
  it.each(cases)('%j → %j', (expr, expected, mode) => {
    expect(normalized(expr, mode ?? 'job')).toBe(expected);
  });

  it('returns the same compiled object for the same input (cached) and marks it read-only', () => {
    const a = parseCron('0 8 * * 1-5', 'job');
    expect(a).toBe(parseCron('0 8 * * 1-5', 'job'));
    expect(a.ok && Object.isFrozen(a.value)).toBe(true);
  });
});

describe('interval vs fixed-hour (docs/rules.md DST policy)', () => {
  it.each([
    ['*/15 * * * *', true],
    ['0 * * * *', true],
    ['@hourly', true],
    ['0 */2 * * *', true],
    ['0 9-17/2 * * *', true],
    ['0 1,*/6 * * *', true],
    ['30 2 * * *', false],
    ['*/20 1 * * *', false],
    ['0 0-23 * * *', false],
    ['0 1,2,3 * * *', false],
    ['@daily', false],
    ['*/10 * 2 * * *', false],
    ['not a cron', false],
  ])('%s → interval %s', (expr, interval) => {
    expect(isIntervalSchedule(expr)).toBe(interval);
    const parsed = parseCron(expr, 'preview');
    if (parsed.ok) expect(isIntervalSchedule(parsed.value)).toBe(interval);
  });
});
