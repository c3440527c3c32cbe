import type { PreviewDate, PreviewOk } from '@schedhuler/shared';

/**
 * The preview answer as JSON text, byte for byte what `JSON.stringify(body)` gives (see the test).
 * JSON.stringify rescans and flattens the 200 freshly built strings of a 100-run answer and was
 * the largest single cost of the route. `at` and `local` come from the engine's formatter
 * (digits, `-:.+TZ` only), so they are written without escaping; every other string is escaped.
 */
export function previewJson(body: PreviewOk): string {
  let out = `{"ok":true,"timezone":${JSON.stringify(body.timezone)},"description":${JSON.stringify(body.description)},"dates":[`;
  const { dates } = body;
  for (let i = 0; i < dates.length; i++) out += (i === 0 ? '' : ',') + dateJson(dates[i]!);
  return `${out}]}`;
}

function dateJson(d: PreviewDate): string {
  const dst = d.dst === null ? 'null' : d.dst === 'shifted' ? '"shifted"' : '"repeated"';
  const head = `{"at":"${d.at}","local":"${d.local}","dst":${dst}`;
  return d.conflicts === undefined ? `${head}}` : `${head},"conflicts":${JSON.stringify(d.conflicts)}}`;
}
