/**
 * Child process of `realtime.bench.ts`: holds N socket.io clients joined to one board and records,
 * per phase, when each client received each `board:event` (high-resolution wall clock, so the
 * parent can compare with its own commit/emit times). Controlled over the IPC channel.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { io, type Socket } from 'socket.io-client';

v8.setFlagsFromString('--expose-gc');
/** Collected between phases, so the previous report's garbage does not land in the next measurement. */
const gc = vm.runInNewContext('gc') as () => void;

interface Setup {
  type: 'setup';
  url: string;
  cookies: string[];
  boardId: string;
  clients: number;
}
type Command = Setup | { type: 'phase'; phase: string; expected: number } | { type: 'report' } | { type: 'clock'; t: number } | { type: 'exit' };

const now = () => performance.timeOrigin + performance.now();
const send = (msg: unknown) => process.send!(msg);

const sockets: Socket[] = [];
let phase = 'idle';
let expected = 0;
let firstSeq = 0;
/** received[phase][client] = receipt times indexed by (seq - firstSeq); order violations counted. */
let times: Float64Array[] = [];
let counts: Uint32Array = new Uint32Array(0);
let outOfOrder = 0;
let duplicates = 0;
let lastSeq: Int32Array = new Int32Array(0);

async function setup(s: Setup): Promise<void> {
  const connectOne = (i: number) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = io(s.url, {
        path: '/socket.io',
        transports: ['websocket'],
        extraHeaders: { cookie: s.cookies[i % s.cookies.length]! },
        reconnection: false,
        forceNew: true,
      });
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  for (let i = 0; i < s.clients; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, s.clients - i) }, (_, k) => connectOne(i + k)));
    sockets.push(...batch);
  }
  lastSeq = new Int32Array(sockets.length);
  let joined = 0;
  for (let i = 0; i < sockets.length; i += 100) {
    await Promise.all(
      sockets.slice(i, i + 100).map(async (socket) => {
        const ack = await socket.timeout(30_000).emitWithAck('board:join', { boardId: s.boardId, sinceSeq: await currentSeq(s) });
        if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack)}`);
        joined += 1;
      }),
    );
  }
  sockets.forEach((socket, client) => {
    socket.on('board:event', (e: { seq: number }) => {
      const t = now();
      if (phase === 'idle') return;
      const idx = e.seq - firstSeq;
      if (idx < 0 || idx >= expected) return;
      if (counts[client * expected + idx]!) duplicates += 1;
      counts[client * expected + idx]! += 1;
      if (e.seq <= lastSeq[client]!) outOfOrder += 1;
      lastSeq[client] = e.seq;
      times[client]![idx] = t;
    });
  });
  send({ type: 'ready', clients: sockets.length, joined });
}

let seqCache: { at: number; seq: number } | undefined;
async function currentSeq(s: Setup): Promise<number> {
  if (seqCache && Date.now() - seqCache.at < 2000) return seqCache.seq;
  const res = await fetch(`${s.url}/api/boards/${s.boardId}/events?since=0&limit=1`, { headers: { cookie: s.cookies[0]! } });
  const body = (await res.json()) as { seq: number };
  seqCache = { at: Date.now(), seq: body.seq };
  return body.seq;
}

process.on('message', (msg: Command) => {
  switch (msg.type) {
    case 'setup':
      setup(msg).catch((err: Error) => send({ type: 'error', message: err.stack ?? err.message }));
      break;
    case 'clock':
      send({ type: 'clock', t: msg.t, child: now() });
      break;
    case 'phase': {
      // A phase numbers its events firstSeq.. (system: real seqs; baseline: the same payloads again).
      const [name, first] = msg.phase.split('@') as [string, string];
      phase = name;
      firstSeq = Number(first);
      expected = msg.expected;
      times = sockets.map(() => new Float64Array(expected).fill(Number.NaN));
      counts = new Uint32Array(sockets.length * expected);
      lastSeq = new Int32Array(sockets.length).fill(firstSeq - 1);
      outOfOrder = 0;
      duplicates = 0;
      gc();
      send({ type: 'phase-ready' });
      break;
    }
    case 'report': {
      const missing = times.reduce((n, arr) => n + arr.filter((t) => Number.isNaN(t)).length, 0);
      send({ type: 'report', times: times.map((a) => Array.from(a)), missing, outOfOrder, duplicates });
      phase = 'idle';
      break;
    }
    case 'exit':
      for (const s of sockets) s.close();
      process.exit(0);
  }
});
send({ type: 'started' });
