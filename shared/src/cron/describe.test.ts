import { describe, expect, it } from 'vitest';
import { parseCron } from './cron-parser';
import { describeCron } from './describe';

describe('describeCron', () => {
  it.each([
    ['0 8 * * 1-5', 'At 08:00, Monday through Friday'],
    ['0 8 * * MON-FRI', 'At 08:00, Monday through Friday'],
    ['*/15 * * * *', 'Every 15 minutes'],
    ['*/20 1 * * *', 'Every 20 minutes, between 01:00 and 01:59'],
    ['30 2 * * *', 'At 02:30'],
    ['59 23 * * *', 'At 23:59'],
    ['0 0 L * *', 'At 00:00, on the last day of the month'],
    ['0 0 LW * *', 'At 00:00, on the last weekday of the month'],
    ['0 0 15W * *', 'At 00:00, on the weekday nearest day 15 of the month'],
    ['0 0 * * 5#2', 'At 00:00, on the second Friday of the month'],
    ['0 0 * * 5L', 'At 00:00, on the last Friday of the month'],
    ['0 12 29 2 *', 'At 12:00, on day 29 of the month, only in February'],
    ['0 0 * * 0,7', 'At 00:00, only on Sunday'],
    ['@daily', 'At 00:00'],
    ['@weekly', 'At 00:00, only on Sunday'],
    ['*/10 * * * * *', 'Every 10 seconds'],
    // OR'ed day fields say "or", whatever shape the day-of-week field has
    ['0 0 13 * 5', 'At 00:00, on day 13 of the month, or on Friday'],
    ['0 0 1,15 * 1-5', 'At 00:00, on day 1 and 15 of the month, or Monday through Friday'],
    ['0 0 L * 1', 'At 00:00, on the last day of the month, or on Monday'],
    ['0 0 29 2 1', 'At 00:00, on day 29 of the month, or on Monday, only in February'],
    ['*/15 9-17 13 * 5', 'Every 15 minutes, between 09:00 and 17:59, on day 13 of the month, or on Friday'],
  ])('%s → %s', (cron, text) => {
    expect(describeCron(cron)).toBe(text);
  });

  it('accepts a compiled cron and answers an invalid one with an empty string', () => {
    const parsed = parseCron('0 8 * * 1-5', 'job');
    expect(parsed.ok && describeCron(parsed.value)).toBe('At 08:00, Monday through Friday');
    expect(describeCron('61 * * * *')).toBe('');
  });
});
