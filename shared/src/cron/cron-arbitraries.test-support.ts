import fc from 'fast-check';

/** fast-check generators of cron expressions for the property tests (not a test file itself). */

const int = (min: number, max: number) => fc.integer({ min, max });

const range = (lo: number, hi: number) => fc.tuple(int(lo, hi), int(lo, hi)).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);

const step = (lo: number, hi: number, span: number) =>
  fc.tuple(fc.option(range(lo, hi), { nil: undefined }), int(1, span)).map(([r, s]) => `${r ?? '*'}/${s}`);

function numeric(lo: number, hi: number, span = hi - lo + 1) {
  const item = fc.oneof(int(lo, hi).map(String), range(lo, hi), step(lo, hi, span));
  return fc.oneof(item, fc.array(item, { minLength: 2, maxLength: 3 }).map((a) => a.join(',')));
}

const star = fc.constant('*');

const dayOfMonth = fc.oneof(
  { weight: 5, arbitrary: star },
  { weight: 3, arbitrary: numeric(1, 31) },
  { weight: 1, arbitrary: fc.constantFrom('L', 'LW', '1,L', 'L,15') },
  // W near month edges is where "stay inside the month" matters
  { weight: 1, arbitrary: fc.oneof(int(1, 31), fc.constantFrom(1, 2, 29, 30, 31)).map((n) => `${n}W`) },
);

const dayOfWeek = fc.oneof(
  { weight: 5, arbitrary: star },
  { weight: 3, arbitrary: numeric(0, 7, 7) },
  { weight: 1, arbitrary: fc.tuple(int(0, 7), int(1, 5)).map(([d, n]) => `${d}#${n}`) },
  { weight: 1, arbitrary: int(0, 7).map((d) => `${d}L`) },
  { weight: 1, arbitrary: fc.constantFrom('MON-FRI', 'SAT,SUN', 'FRI-SUN', 'MON#1,FRI#3') },
);

const month = fc.oneof({ weight: 4, arbitrary: star }, { weight: 2, arbitrary: numeric(1, 12) }, { weight: 1, arbitrary: fc.constantFrom('JAN-MAR', 'feb', 'DEC') });

/** Five job fields; the minute field never selects every minute. */
export const jobCron = fc
  .record({
    minute: numeric(0, 59),
    hour: fc.oneof(star, numeric(0, 23)),
    dom: dayOfMonth,
    month,
    dow: dayOfWeek,
  })
  .map((f) => `${f.minute} ${f.hour} ${f.dom} ${f.month} ${f.dow}`);

/** Job crons, or six fields with seconds. */
export const previewCron = fc.oneof(
  jobCron,
  fc.tuple(fc.oneof(star, numeric(0, 59)), jobCron).map(([s, rest]) => `${s} ${rest}`),
);

/** Schedules that run several times a day, to meet DST transitions often. */
const severalADay = fc
  .record({
    minute: fc.constantFrom('0', '30', '*/15', '*/20', '0,30', '15', '5-10', '*/7', '*/5', '*/2', '59', '45', '10-50/20'),
    hour: fc.constantFrom('*', '*/2', '0', '1', '2', '3', '23', '0-3', '1-3/2', '2,3', '*/3', '22-23', '0,2'),
    dow: fc.constantFrom('*', '*', '1-5', '0,6'),
  })
  .map((f) => `${f.minute} ${f.hour} * * ${f.dow}`);

/** ... and dense interval schedules, which have many runs inside one fold. */
export const frequentCron = fc.oneof(severalADay, fc.constantFrom('*/2 * * * *', '*/5 * * * *', '*/7 * * * *', '*/10 * * * *'));

/** Zones with and without DST, 30-minute shifts, midnight gaps, quarter-hour offsets. */
export const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'America/Santiago',
  'America/Havana',
  'Asia/Beirut',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'Europe/London',
  'UTC',
] as const;

/** Offset changes of 2026 (checked with luxon): the instant the new offset starts. */
export const TRANSITIONS: readonly (readonly [string, string])[] = [
  ['Europe/Berlin', '2026-03-29T03:00:00+02:00'],
  ['Europe/Berlin', '2026-10-25T02:00:00+01:00'],
  ['America/New_York', '2026-03-08T03:00:00-04:00'],
  ['America/New_York', '2026-11-01T01:00:00-05:00'],
  ['Australia/Lord_Howe', '2026-04-05T01:30:00+10:30'],
  ['Australia/Lord_Howe', '2026-10-04T02:30:00+11:00'],
  ['America/Santiago', '2026-04-04T23:00:00-04:00'],
  ['America/Santiago', '2026-09-06T01:00:00-03:00'],
  ['America/Havana', '2026-03-08T01:00:00-04:00'],
  ['America/Havana', '2026-11-01T00:00:00-05:00'],
  ['Asia/Beirut', '2026-03-29T01:00:00+03:00'],
  ['Asia/Beirut', '2026-10-24T23:00:00+02:00'],
];
