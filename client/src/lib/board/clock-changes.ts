import { formatYmd, zoneOffsetMs } from '../timeline/zone';

/** A change of the zone's UTC offset (a DST switch) inside a shown range. */
export interface ClockChange {
  /** The instant of the switch. */
  at: number;
  /** The local day it happens on (YYYY-MM-DD). */
  day: string;
  /** Wall clock just before and right after it: "02:00" → "03:00" in spring, "03:00" → "02:00" in autumn. */
  from: string;
  to: string;
  forward: boolean;
  /** The size of the jump in minutes (60 for DST). */
  minutes: number;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
const hm = (wall: number) => new Date(wall).toISOString().slice(11, 16);

/**
 * The offset changes of `zone` within [start, end). Zones switch at most a few times a year and never
 * twice within an hour, so hourly samples find each one and a binary search pins it to the minute.
 */
export function clockChanges(start: number, end: number, zone: string): ClockChange[] {
  const out: ClockChange[] = [];
  let t = start;
  let offset = zoneOffsetMs(t, zone);
  while (t < end) {
    const next = Math.min(t + HOUR, end);
    const nextOffset = zoneOffsetMs(next, zone);
    if (nextOffset !== offset) {
      let lo = t; // offset at lo is the old one
      let hi = next; // offset at hi is the new one
      while (hi - lo > MINUTE) {
        const mid = lo + Math.max(MINUTE, Math.floor((hi - lo) / 2 / MINUTE) * MINUTE);
        if (zoneOffsetMs(mid, zone) === offset) lo = mid;
        else hi = mid;
      }
      if (hi < end && hi >= start) {
        out.push({ at: hi, day: formatYmd(hi, zone), from: hm(hi + offset), to: hm(hi + nextOffset), forward: nextOffset > offset, minutes: Math.abs(nextOffset - offset) / MINUTE });
      }
      offset = nextOffset;
    }
    t = next;
  }
  return out;
}

/** "Clocks go forward 02:00 → 03:00 on 2027-03-28": what the board's header says about a change. */
export function clockChangeText(c: ClockChange): string {
  return `Clocks go ${c.forward ? 'forward' : 'back'} ${c.minutes === 60 ? 'an hour' : `${c.minutes} min`} on ${c.day}: ${c.from} → ${c.to}`;
}
