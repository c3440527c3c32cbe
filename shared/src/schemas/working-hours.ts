/**
 * A board's working hours (docs/rules.md, "Board"): the weekdays and the wall-clock span, in the
 * board's zone, that the board shades as working time and that utilisation divides by.
 */
import { z } from 'zod';
import { unknownFieldsMessage } from './job';
import { text, whenValid } from './text';
import { minutesOfClock, type WorkingHours } from '../domain/working-week';

export { DEFAULT_WORKING_HOURS, minutesOfClock, WEEKDAY_NAMES, WEEKDAYS, weeklyWorkingMinutes, type WorkingHours } from '../domain/working-week';

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** `HH:MM` on a 24-hour clock; `24:00` only where `allowMidnightEnd` (the end of a day). */
const clockField = (allowMidnightEnd: boolean) =>
  text({ max: 5 }).refine((s) => HHMM.test(s) || (allowMidnightEnd && s === '24:00'), allowMidnightEnd ? 'must be a time HH:MM between 00:00 and 24:00' : 'must be a time HH:MM between 00:00 and 23:59');

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
  .refine((h) => minutesOfClock(h.end) > minutesOfClock(h.start), { path: ['end'], message: 'must be after the start', ...whenValid('start', 'end') }) satisfies z.ZodType<WorkingHours>;
