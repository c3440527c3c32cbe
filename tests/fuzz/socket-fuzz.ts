/**
 * The Socket.IO half of the fuzz: every client → server event of `shared/src/socket.ts`, with
 * payloads derived from its schema (hostile leaves mixed in), whole hostile payloads, unknown
 * events, and the argument shapes a hostile client can send: no ack, a non-function "ack", extra
 * arguments, no payload. Every ack must come (within 5 s) and never be `internal`.
 */
import { clientEventSchemas } from '@schedhuler/shared/socket';
import { connectSocket, type ClientSocket } from '@schedhuler/server/realtime/test-client';
import type { World } from './fixture';
import type { Gen, Rng } from './gen';
import { BIG, hostileWholeBody, toJsValue } from './hostile';

export interface SocketFinding {
  kind: 'internal ack' | 'no ack' | 'malformed ack';
  event: string;
  message: string;
  sample: string;
}

export interface SocketStats {
  emits: number;
  acks: Record<string, number>;
  perEvent: Record<string, number>;
  reconnects: number;
  clientRefused: number;
  findings: SocketFinding[];
}

const EVENTS = Object.keys(clientEventSchemas) as (keyof typeof clientEventSchemas)[];
const EVENT_WEIGHTS: Record<string, number> = { 'board:join': 3, 'board:leave': 1, 'presence:update': 4, 'drag:start': 3, 'drag:move': 4, 'drag:end': 2, 'schedule:preview': 3 };
const UNKNOWN_EVENTS = ['board:delete', 'admin:grant', '__proto__', 'constructor', 'hasOwnProperty', 'x'.repeat(1000), '', 'board:join ', 'BOARD:JOIN'];
const ACK_TIMEOUT_MS = 5_000;

export class SocketFuzzer {
  readonly stats: SocketStats = { emits: 0, acks: Object.create(null), perEvent: Object.create(null), reconnects: 0, clientRefused: 0, findings: [] };

  constructor(
    private readonly url: string,
    private readonly world: World,
    private readonly rng: Rng,
    private readonly gen: Gen,
  ) {}

  async run(total: number, sockets: number): Promise<void> {
    const per = Math.ceil(total / sockets);
    await Promise.all(Array.from({ length: sockets }, () => this.lane(per)));
  }

  private async connect(): Promise<ClientSocket> {
    const socket = await connectSocket(this.url, { cookie: this.world.fuzzer.cookieHeader });
    const emit = socket.timeout(ACK_TIMEOUT_MS).emit.bind(socket) as unknown as (ev: string, ...a: unknown[]) => void;
    await new Promise((resolve) => emit('board:join', { boardId: this.world.A.boardId }, resolve));
    return socket;
  }

  private async lane(count: number): Promise<void> {
    let socket = await this.connect();
    try {
      for (let i = 0; i < count; i++) {
        if (!socket.connected) {
          socket.close();
          this.stats.reconnects++;
          socket = await this.connect();
        }
        await this.one(socket);
      }
    } finally {
      socket.close();
    }
  }

  private payload(event: string): unknown {
    const schema = Object.hasOwn(clientEventSchemas, event) ? (clientEventSchemas as Record<string, { _zod: { def: unknown } }>)[event] : undefined;
    const r = this.rng.int(100);
    if (!schema || r < 10) return toJsValue(this.gen.draw(hostileWholeBody));
    // Just over the socket's 1 MB message cap: the server drops the connection, then we reconnect.
    if (r < 11) return { boardId: this.world.A.boardId, editing: BIG.string1MB + 'x'.repeat(10_000) };
    return toJsValue(this.gen.body(schema));
  }

  private async one(socket: ClientSocket): Promise<void> {
    const event = this.rng.int(100) < 4 ? this.rng.pick(UNKNOWN_EVENTS) : EVENTS[this.rng.weighted(EVENTS.map((e) => EVENT_WEIGHTS[e] ?? 1))]!;
    const payload = this.payload(event);
    const shape = this.rng.int(100);
    this.stats.emits++;
    const label = event.length > 40 ? `${event.slice(0, 12)}…(${event.length})` : event;
    this.stats.perEvent[label] = (this.stats.perEvent[label] ?? 0) + 1;
    const emit = socket.emit.bind(socket) as unknown as (ev: string, ...args: unknown[]) => void;
    try {
      if (shape < 8) return emit(event, payload);
      if (shape < 13) return emit(event, payload, this.rng.pick(['not-a-function', 42, { then: 1 }, null]));
      if (shape < 16) return emit(event, payload, payload);
    } catch {
      this.stats.clientRefused++; // socket.io-client itself refused to serialise it
      return;
    }
    const args = shape < 20 ? [] : shape < 24 ? [payload, 1] : [payload];
    const started = socket.connected;
    const answer = await new Promise<{ timedOut: boolean; value?: unknown }>((resolve) => {
      try {
        (socket.timeout(ACK_TIMEOUT_MS) as unknown as { emit: (ev: string, ...a: unknown[]) => void }).emit(event, ...args, (err: unknown, value: unknown) => resolve({ timedOut: !!err, value }));
      } catch {
        this.stats.clientRefused++;
        resolve({ timedOut: false, value: { ok: false, error: { code: 'client_refused' } } });
      }
    });
    if (answer.timedOut) {
      // A message over the size cap closes the connection: no ack is expected then.
      if (!socket.connected || !started) return this.countAck('disconnected');
      this.stats.findings.push({ kind: 'no ack', event, message: `no acknowledgement within ${ACK_TIMEOUT_MS} ms`, sample: sample(args) });
      return this.countAck('timeout');
    }
    const v = answer.value as { ok?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
    if (!v || typeof v.ok !== 'boolean') {
      this.stats.findings.push({ kind: 'malformed ack', event, message: JSON.stringify(v)?.slice(0, 200) ?? 'undefined', sample: sample(args) });
      return this.countAck('malformed');
    }
    const code = v.ok ? 'ok' : String(v.error?.code);
    this.countAck(code);
    if (code === 'internal') this.stats.findings.push({ kind: 'internal ack', event, message: String(v.error?.message), sample: sample(args) });
  }

  private countAck(key: string): void {
    this.stats.acks[key] = (this.stats.acks[key] ?? 0) + 1;
  }
}

function sample(args: unknown[]): string {
  try {
    return (JSON.stringify(args) ?? '').slice(0, 400);
  } catch {
    return '<unserialisable>';
  }
}
