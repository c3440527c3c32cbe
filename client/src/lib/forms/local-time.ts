import { wallClock, zonedTimeToInstant } from '../timeline/zone';

const pad = (n: number) => String(n).padStart(2, '0');

/** `<input type="datetime-local">` value for an instant, in the board's zone. */
export function toLocalInput(t: number, zone: string): string {
  const w = wallClock(t, zone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** Instant of a `datetime-local` value read in the board's zone; null when empty or malformed. */
export function fromLocalInput(value: string, zone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  return zonedTimeToInstant(zone, y, mo, d, h, mi);
}
