import { pathToFileURL } from 'node:url';
import { Cron } from 'croner';
import { clearZoneCache, nextRuns, parseCron } from '@schedhuler/shared/cron/index';
import type { CompiledCron } from '@schedhuler/shared/cron/index';
import type { BenchResult } from './bench-types';

/**
 * Cron engine vs croner 11 with its `timezone` option: the next 100 runs for 20 patterns × 5 zones, from
 * two start instants per zone (12 h before its spring-forward and before its fall-back), so every
 * pattern meets both kinds of transition. Outputs are compared run by run.
 */

const PATTERNS = [
  '*/15 * * * *', '*/5 * * * *', '0 * * * *', '30 * * * *', '0 */2 * * *',
  '0 9-17/2 * * 1-5', '0 8 * * 1-5', '30 2 * * *', '*/20 1 * * *', '0 0 * * *',
  '59 23 * * *', '0 12 * * 0,6', '0 0 1 * *', '0 0 L * *', '0 9 15W * *',
  '0 10 * * 5#2', '0 18 * * 5L', '0 0 13 * 5', '0 0 29 2 *', '15 2,3 * * *',
];

// [zone, spring-forward, fall-back] (zones without DST use the European dates)
const ZONES: [string, string, string][] = [
  ['Europe/Berlin', '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z'],
  ['America/New_York', '2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z'],
  ['Australia/Lord_Howe', '2026-10-03T15:30:00Z', '2027-04-03T15:00:00Z'],
  ['Asia/Tokyo', '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z'],
  ['UTC', '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z'],
];

const COUNT = 100;
const HOUR = 3_600_000;

interface Input {
  pattern: string;
  zone: string;
  from: Date;
  compiled: CompiledCron;
  croner: Cron;
}

function buildInputs(): Input[] {
  const inputs: Input[] = [];
  for (const pattern of PATTERNS) {
    const parsed = parseCron(pattern, 'job');
    if (!parsed.ok) throw new Error(`${pattern}: ${parsed.error.message}`);
    for (const [zone, spring, fall] of ZONES) {
      for (const transition of [spring, fall]) {
        const from = new Date(Date.parse(transition) - 12 * HOUR);
        inputs.push({ pattern, zone, from, compiled: parsed.value, croner: new Cron(pattern, { timezone: zone }) });
      }
    }
  }
  return inputs;
}

/** Calls per second of `op` over all inputs, measured for at least `minMs`. */
function opsPerSecond(inputs: Input[], op: (input: Input) => unknown, minMs: number, beforePass?: () => void): number {
  let calls = 0;
  const start = performance.now();
  do {
    beforePass?.();
    for (const input of inputs) op(input);
    calls += inputs.length;
  } while (performance.now() - start < minMs);
  return calls / ((performance.now() - start) / 1000);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/** UTC offset text of `zone` at `t`, straight from Intl (independent of both implementations). */
function offsetText(zone: string, t: number): string {
  let dtf = offsetFormatters.get(zone);
  if (!dtf) {
    dtf = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormatters.set(zone, dtf);
  }
  return dtf.formatToParts(t).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

const nearTransition = (zone: string, t: number) => offsetText(zone, t - 3 * HOUR) !== offsetText(zone, t + 3 * HOUR);

type Verdict = { kind: 'equal' } | { kind: 'dst' | 'elsewhere'; detail: string };

function compare(input: Input): Verdict {
  const ours = nextRuns(input.compiled, input.zone, { from: input.from, count: COUNT }).map((r) => r.epochMs);
  const theirs = input.croner.nextRuns(COUNT, input.from).map((d) => d.getTime());
  if (ours.length === theirs.length && ours.every((t, i) => t === theirs[i])) return { kind: 'equal' };
  const end = Math.min(ours.at(-1) ?? 0, theirs.at(-1) ?? 0);
  const a = new Set(ours.filter((t) => t <= end));
  const b = new Set(theirs.filter((t) => t <= end));
  const onlyOurs = [...a].filter((t) => !b.has(t));
  const onlyTheirs = [...b].filter((t) => !a.has(t));
  const iso = (t: number) => new Date(t).toISOString().slice(0, 16) + 'Z';
  const detail = `${input.pattern} ${input.zone} from ${iso(input.from.getTime())}: only ours [${onlyOurs.map(iso).join(', ')}], only croner [${onlyTheirs.map(iso).join(', ')}]`;
  const all = [...onlyOurs, ...onlyTheirs];
  return { kind: all.length > 0 && all.every((t) => nearTransition(input.zone, t)) ? 'dst' : 'elsewhere', detail };
}

export async function run(): Promise<BenchResult> {
  const inputs = buildInputs();
  const ours = (i: Input) => nextRuns(i.compiled, i.zone, { from: i.from, count: COUNT });
  const theirs = (i: Input) => i.croner.nextRuns(COUNT, i.from);
  // warm-up (JIT, zone caches)
  opsPerSecond(inputs, ours, 200);
  opsPerSecond(inputs, theirs, 200);
  const warm = opsPerSecond(inputs, ours, 1500);
  const cold = opsPerSecond(inputs, ours, 1500, clearZoneCache);
  const croner = opsPerSecond(inputs, theirs, 3000);
  const verdicts = inputs.map(compare);
  const count = (kind: Verdict['kind']) => verdicts.filter((v) => v.kind === kind).length;
  const details = (kind: 'dst' | 'elsewhere') => verdicts.flatMap((v) => (v.kind === kind ? [`    ${v.detail}`] : []));
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(9);
  const ratio = warm / croner;
  return {
    name: 'cron engine',
    lines: [
      `next ${COUNT} runs, ${PATTERNS.length} patterns × ${ZONES.length} zones × 2 start instants = ${inputs.length} inputs`,
      `  engine (warm zone caches)           ${fmt(warm)} ops/s`,
      `  engine (caches cleared every pass)  ${fmt(cold)} ops/s`,
      `  croner 11 with timezone option      ${fmt(croner)} ops/s`,
      `  ratio warm ${ratio.toFixed(1)}×, cold ${(cold / croner).toFixed(1)}× (target ≥ 10×: ${ratio >= 10 ? 'met' : 'NOT met'})`,
      `  outputs: ${count('equal')} equal, ${count('dst')} differ only within 3 h of a DST transition (policy), ${count('elsewhere')} differ elsewhere`,
      ...(count('dst') ? ['  DST-policy differences:', ...details('dst')] : []),
      ...(count('elsewhere') ? ['  differences away from DST transitions:', ...details('elsewhere')] : []),
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run();
  console.log(result.lines.join('\n'));
}
