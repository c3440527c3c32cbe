import type { CronRun, DstMark } from './types';
import { civilFromDays, DAY_MS } from './wall-clock';

/** Builds `CronRun` strings by hand: luxon's `toISO()` output, without a luxon object per run. */

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
/** `HH:MM` for every minute of the day. */
const HM = Array.from({ length: 1440 }, (_, i) => `${TWO[Math.floor(i / 60)]}:${TWO[i % 60]}`);
const offsetTexts = new Map<number, string>();
const ymd = [0, 0, 0];

/** `+01:00`, `-03:30`; luxon writes `Z` only for its UTC zone, `+00:00` for IANA zones at offset 0. */
let lastOffsetMs = Number.NaN;
let lastOffsetText = '';

function offsetText(offsetMs: number, utc: boolean): string {
  if (utc) return 'Z';
  if (offsetMs === lastOffsetMs) return lastOffsetText;
  let text = offsetTexts.get(offsetMs);
  if (text === undefined) {
    const minutes = Math.trunc(offsetMs / 60_000);
    const abs = Math.abs(minutes);
    text = `${minutes < 0 ? '-' : '+'}${TWO[Math.floor(abs / 60)]}:${TWO[abs % 60]}`;
    offsetTexts.set(offsetMs, text);
  }
  lastOffsetMs = offsetMs;
  lastOffsetText = text;
  return text;
}

// `YYYY-MM-DDT` of a day number, direct-mapped: the civil-date arithmetic is the costliest part of a
// run's text, and previews keep formatting the same few hundred upcoming days.
const DATE_SLOTS = 4096;
const dateKeys = new Float64Array(DATE_SLOTS).fill(Number.NaN);
const dateTexts: string[] = new Array<string>(DATE_SLOTS).fill('');

function dateText(days: number): string {
  const slot = days & (DATE_SLOTS - 1);
  if (dateKeys[slot] === days) return dateTexts[slot] as string;
  civilFromDays(days, ymd);
  const y = ymd[0] as number;
  const text = `${y >= 1000 ? y : String(y).padStart(4, '0')}-${TWO[ymd[1] as number]}-${TWO[ymd[2] as number]}T`;
  dateKeys[slot] = days;
  dateTexts[slot] = text;
  return text;
}

export function makeRun(epochMs: number, offsetMs: number, utc: boolean, dst: DstMark): CronRun {
  const wall = epochMs + offsetMs;
  const days = Math.floor(wall / DAY_MS);
  const tod = Math.floor((wall - days * DAY_MS) / 1000);
  const hm = dateText(days) + (HM[Math.floor(tod / 60)] as string);
  const sec = tod % 60;
  return {
    at: `${hm}:${TWO[sec] as string}.000${offsetText(offsetMs, utc)}`,
    local: sec === 0 ? hm : `${hm}:${TWO[sec] as string}`,
    dst,
    epochMs,
  };
}
