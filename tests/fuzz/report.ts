/** The fuzz's printed figures and its findings grouped by signature (route + status + message + first stack frame). */
import type { LatencyStats } from './fixture';
import type { HttpStats } from './http-fuzz';
import type { SocketStats } from './socket-fuzz';

export interface LoggedError {
  requestId?: string;
  where?: string;
  message: string;
  stack?: string;
}

export interface ReportInput {
  seed: number;
  seconds: number;
  http: HttpStats;
  sockets: SocketStats;
  health: LatencyStats;
  logged: LoggedError[];
  changed: string[];
  /** Schema bodies by kind (valid / one hostile leaf / many / base that never passed zod). */
  bodies: Record<string, number>;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const normalise = (s: string) => s.replace(UUID, '<id>').replace(/\d{3,}/g, '<n>');

function firstFrames(stack?: string): string {
  if (!stack) return '';
  const lines = stack.split('\n');
  const frames = lines.filter((l) => l.trim().startsWith('at ') && !l.includes('node_modules'));
  return [lines[0], ...frames.slice(0, 3)].join(' | ').replace(/\(?\/[^\s()]*\/(server|shared)\//g, '$1/');
}

const sorted = (o: Record<string, number>) =>
  Object.entries(o)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');

export function report(r: ReportInput): string {
  const byRequest = new Map(r.logged.filter((l) => l.requestId).map((l) => [l.requestId!, l]));
  const groups = new Map<string, { count: number; sample: string }>();
  const add = (signature: string, sampleText: string) => {
    const g = groups.get(signature);
    if (g) g.count++;
    else groups.set(signature, { count: 1, sample: sampleText });
  };
  for (const f of r.http.findings) {
    const log = f.requestId ? byRequest.get(f.requestId) : undefined;
    add(`${f.kind} ${f.route} → ${f.status} ${normalise(`${f.message}${log ? ` || ${firstFrames(log.stack)}` : ''}`)}`, f.sample);
  }
  for (const f of r.sockets.findings) add(normalise(`${f.kind} ${f.event} ${f.message}`), f.sample);
  for (const l of r.logged.filter((x) => !x.requestId)) add(normalise(`log ${l.where ?? ''} ${l.message} || ${firstFrames(l.stack)}`), '');
  const fivexx = Object.entries(r.http.statuses)
    .filter(([k]) => k.startsWith('5'))
    .reduce((n, [, v]) => n + v, 0);
  const lines = [
    '',
    `[fuzz] seed ${r.seed} — ${r.seconds.toFixed(1)} s`,
    `[fuzz] HTTP requests: ${r.http.requests} (${(r.http.requests / r.seconds).toFixed(0)}/s); 5xx: ${fivexx}; no answer: ${r.http.statuses['no answer'] ?? 0}`,
    `[fuzz] status histogram: ${sorted(r.http.statuses)}`,
    `[fuzz] schema bodies: ${sorted(r.bodies)}`,
    `[fuzz] per route: ${sorted(r.http.perRoute)}`,
    `[fuzz] ms per route: ${sorted(r.http.msPerRoute)}`,
    `[fuzz] socket emits: ${r.sockets.emits}; acks: ${sorted(r.sockets.acks)}; reconnects: ${r.sockets.reconnects}; refused by the client library: ${r.sockets.clientRefused}`,
    `[fuzz] per event: ${sorted(r.sockets.perEvent)}`,
    `[fuzz] /healthz during the fuzz: ${r.health.samples} polls, p50 ${r.health.p50.toFixed(1)} ms, p99 ${r.health.p99.toFixed(1)} ms, max ${r.health.max.toFixed(1)} ms, failed ${r.health.failures}`,
    `[fuzz] untouched tables changed: ${r.changed.length ? r.changed.join(', ') : 'none'}`,
    `[fuzz] findings: ${groups.size} signatures`,
  ];
  for (const [sig, g] of [...groups].sort((a, b) => b[1].count - a[1].count)) {
    lines.push(`  ${g.count} × ${sig}`);
    if (g.sample) lines.push(`      e.g. ${g.sample.slice(0, 500)}`);
  }
  return lines.join('\n');
}
