import type { CronRun, DstMark } from './types';
import { civilFromDays, DAY_MS } from './wall-clock';

/** Builds `CronRun` strings by hand: luxon's `toISO()` output, without a luxon object per run. */

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const offsetTexts = new Map<number, string>();
const ymd = [0, 0, 0];

/** `+01:00`, `-03:30`; luxon writes `Z` only for its UTC zone, `+00:00` for IANA zones at offset 0. */
function offsetText(offsetMs: number, utc: boolean): string {
  if (utc) return 'Z';
  let text = offsetTexts.get(offsetMs);
  if (text === undefined) {
    const minutes = Math.trunc(offsetMs / 60_000);
    const abs = Math.abs(minutes);
    text = `${minutes < 0 ? '-' : '+'}${TWO[Math.floor(abs / 60)]}:${TWO[abs % 60]}`;
    offsetTexts.set(offsetMs, text);
  }
  return text;
}

export function makeRun(epochMs: number, offsetMs: number, utc: boolean, dst: DstMark): CronRun {
  const wall = epochMs + offsetMs;
  const days = Math.floor(wall / DAY_MS);
  const tod = Math.floor((wall - days * DAY_MS) / 1000);
  civilFromDays(days, ymd);
  const date = `${String(ymd[0]).padStart(4, '0')}-${TWO[ymd[1] as number]}-${TWO[ymd[2] as number]}`;
  const hm = `${date}T${TWO[Math.floor(tod / 3600)]}:${TWO[Math.floor(tod / 60) % 60]}`;
  const ss = TWO[tod % 60] as string;
  return {
    at: `${hm}:${ss}.000${offsetText(offsetMs, utc)}`,
    local: tod % 60 === 0 ? hm : `${hm}:${ss}`,
    dst,
    epochMs,
  };
}
