/**
 * The worst request bodies for a route (issue 10, point 2): built from a valid body of the route so
 * hostile values reach every field's checks and the refinements behind them. Bodies are built lazily:
 * 800 prebuilt 1 MiB strings would make every garbage collection of the test process slow.
 */
export const MiB = 1024 * 1024;

export interface Route {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** A valid body. */
  template: Record<string, unknown>;
}

export interface Probe {
  route: Route;
  label: string;
  body: () => string;
  contentType?: string;
}

const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const INSTANT_FIELDS = new Set(['startsAt', 'endsAt', 'validFrom', 'validTo', 'from']);

/** `template` with each field's JSON replaced by `raw` (raw JSON text, so -0 and deep nesting survive). */
export function withEveryField(template: Record<string, unknown>, raw: (field: string) => string, fields = Object.keys(template)): string {
  const parts = Object.keys(template).map((k) => `${JSON.stringify(k)}:${fields.includes(k) ? raw(k) : JSON.stringify(template[k])}`);
  return `{${parts.join(',')}}`;
}

export function probesFor(route: Route): Probe[] {
  const t = route.template;
  const fields = Object.keys(t);
  const strings = fields.filter((k) => typeof t[k] === 'string');
  const share = Math.floor((MiB - 4096) / Math.max(1, fields.length));
  const out: Probe[] = [
    { route, label: 'valid body', body: () => JSON.stringify(t) },
    { route, label: '1 MiB JSON string', body: () => JSON.stringify('a'.repeat(MiB - 16)) },
    { route, label: '10,000-deep array', body: () => deepArray(10_000) },
    { route, label: '10,000-deep object', body: () => deepObject(10_000) },
    { route, label: 'unterminated 1 MiB of [', body: () => '['.repeat(MiB - 16) },
    { route, label: 'every field 1e308', body: () => withEveryField(t, () => '1e308') },
    { route, label: 'every field -0', body: () => withEveryField(t, () => '-0') },
    { route, label: 'every field 2e6', body: () => withEveryField(t, () => '2e6') },
    { route, label: 'every field a long string', body: () => withEveryField(t, () => JSON.stringify('x'.repeat(share - 8))) },
    { route, label: 'every field 10,000-deep', body: () => withEveryField(t, () => deepArray(Math.min(10_000, Math.floor(share / 2) - 4))) },
    { route, label: 'every field a huge array', body: () => withEveryField(t, () => `[${'{},'.repeat(Math.floor(share / 3) - 2)}{}]`) },
    { route, label: 'every field NUL', body: () => withEveryField(t, () => JSON.stringify('x\u0000y')) },
    { route, label: 'every field a lone surrogate', body: () => withEveryField(t, () => '"x\\ud800y"') },
    { route, label: 'every field an object with __proto__', body: () => withEveryField(t, () => '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}') },
    {
      route,
      label: '__proto__ and constructor keys',
      body: () => `{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":true}},${JSON.stringify(t).slice(1)}`,
    },
    {
      route,
      label: '50,000 unknown keys',
      body: () => `{${Array.from({ length: 50_000 }, (_, i) => `"k${i}":1`).join(',')},${JSON.stringify(t).slice(1)}`,
    },
    {
      route,
      label: '15,000 unknown keys',
      body: () => `{${Array.from({ length: 15_000 }, (_, i) => `"k${i}":1`).join(',')},${JSON.stringify(t).slice(1)}`,
    },
    { route, label: 'a 19,000-element array in the first field', body: () => withEveryField(t, () => `[${'{},'.repeat(18_999)}{}]`, fields.slice(0, 1)) },
    { route, label: 'not JSON', body: () => 'a'.repeat(MiB - 16), contentType: 'text/plain' },
  ];
  for (const k of strings.slice(0, 4)) out.push({ route, label: `${k}: a 1 MiB string`, body: () => withEveryField(t, () => JSON.stringify('y'.repeat(MiB - 8192)), [k]) });
  for (const bad of ['0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '2026-02-30T10:00:00Z', '9999-12-31T23:59:59Z']) {
    const instants = fields.filter((k) => INSTANT_FIELDS.has(k));
    if (instants.length) out.push({ route, label: `instants ${bad}`, body: () => withEveryField(t, () => JSON.stringify(bad), instants) });
  }
  if ('cron' in t) {
    out.push({ route, label: '10 KB cron', body: () => withEveryField(t, () => JSON.stringify('*/1,'.repeat(2560)), ['cron']) });
    out.push({ route, label: '200-character list cron', body: () => withEveryField(t, () => JSON.stringify(`${Array.from({ length: 60 }, (_, i) => i).join(',')} * * * *`.slice(0, 200)), ['cron']) });
    out.push({ route, label: 'every-second cron', body: () => withEveryField(t, () => JSON.stringify('* * * * * *'), ['cron']) });
    out.push({ route, label: 'leap-day Monday cron', body: () => withEveryField(t, () => JSON.stringify('0 0 29 2 1'), ['cron']) });
  }
  if ('timezone' in t) out.push({ route, label: '10 KB time zone', body: () => withEveryField(t, () => JSON.stringify('Europe/'.repeat(1500)), ['timezone']) });
  return out;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
