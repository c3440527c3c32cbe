/**
 * A board's working hours (docs/rules.md, "Board"): the weekdays and the wall-clock span, in the
 * board's zone, that the board shades as working time and that utilisation divides by.
 */
import { z } from 'zod';
import { unknownFieldsMessage } from './job';
import { text, whenValid } from './text';

/** ISO weekdays: 1 = Monday … 7 = Sunday (Luxon's `weekday`). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const WEEKDAY_NAMES: Record<number, string> = { 1: 'Monday', 2: 'Tuesday', 3: 'Wednesday', 4: 'Thursday', 5: 'Friday', 6: 'Saturday', 7: 'Sunday' };

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** `HH:MM` on a 24-hour clock; `24:00` only where `allowMidnightEnd` (the end of a day). */
const clockField = (allowMidnightEnd: boolean) =>
  text({ max: 5 }).refine((s) => HHMM.test(s) || (allowMidnightEnd && s === '24:00'), allowMidnightEnd ? 'must be a time HH:MM between 00:00 and 24:00' : 'must be a time HH:MM between 00:00 and 23:59');

export const minutesOfClock = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const workingHoursSchema = z
  .strictObject(
    {
      days: z
        .array(z.number({ error: 'must be a weekday number 1 (Monday) to 7 (Sunday)' }).int('must be a weekday number 1 (Monday) to 7 (Sunday)').min(1, 'must be a weekday number 1 (Monday) to 7 (Sunday)').max(7, 'must be a weekday number 1 (Monday) to 7 (Sunday)'), {
          error: (iss) => (iss.input === undefined ? 'is required' : 'must be a list of weekdays'),
        })
        .min(1, 'pick at least one working day')
        .max(7, 'must list each weekday at most once')
        .refine((d) => new Set(d).size === d.length, 'must list each weekday at most once'),
      start: clockField(false),
      end: clockField(true),
    },
    { error: (iss) => (iss.code === 'unrecognized_keys' ? unknownFieldsMessage(iss.keys) : iss.input === undefined ? 'is required' : 'must be an object {days, start, end}') },
  )
  .refine((h) => minutesOfClock(h.end) > minutesOfClock(h.start), { path: ['end'], message: 'must be after the start', ...whenValid('start', 'end') });
export type WorkingHours = z.output<typeof workingHoursSchema>;

export const DEFAULT_WORKING_HOURS: WorkingHours = { days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' };

/** Working minutes per week, the base of utilisation. */
export function weeklyWorkingMinutes(h: WorkingHours): number {
  return h.days.length * (minutesOfClock(h.end) - minutesOfClock(h.start));
}
