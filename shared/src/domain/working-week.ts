/**
 * A board's working week as plain values and arithmetic (no zod: the board page shades and measures
 * with these; schemas/working-hours.ts validates the same shape and re-exports them).
 */

/** ISO weekdays: 1 = Monday … 7 = Sunday (Luxon's `weekday`). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const WEEKDAY_NAMES: Record<number, string> = { 1: 'Monday', 2: 'Tuesday', 3: 'Wednesday', 4: 'Thursday', 5: 'Friday', 6: 'Saturday', 7: 'Sunday' };

/** The weekdays and the wall-clock span (`HH:MM`, the end may be `24:00`) of a board's working time. */
export interface WorkingHours {
  days: number[];
  start: string;
  end: string;
}

export const minutesOfClock = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const DEFAULT_WORKING_HOURS: WorkingHours = { days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' };

/** Working minutes per week, the base of utilisation. */
export function weeklyWorkingMinutes(h: WorkingHours): number {
  return h.days.length * (minutesOfClock(h.end) - minutesOfClock(h.start));
}
