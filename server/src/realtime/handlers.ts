import { roleAtLeast, type BoardEvent } from '@schedhuler/shared';
import { clientEventSchemas, MAX_REPLAY_EVENTS, PROTOCOL_VERSION, type ClientEventName } from '@schedhuler/shared/socket';
import type { z } from 'zod';
import { AppError, forbidden, parseWith, validationFailed } from '../errors';
import { requireBoardRole } from '../services/access';
import type { FullSnapshot } from '../services/board.service';
import { safeAck, toAckFailure, type AckFn } from './ack';
import type { HandlerHost } from './handler-host';
import type { IoSocket } from './types';

type Payload<E extends ClientEventName> = z.output<(typeof clientEventSchemas)[E]>;
type Reply = (answer: Record<string, unknown>) => void;
type Handler<E extends ClientEventName> = (hub: HandlerHost, socket: IoSocket, payload: Payload<E>, reply: Reply, conn: Connection) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;

/** Events that touch the database are rate limited per socket; presence and drag moves are in-memory and coalesced. */
const COSTLY = new Set<ClientEventName>(['board:join', 'board:leave', 'drag:start', 'drag:end', 'schedule:preview']);

/** A token bucket per socket: bursts of 40, 20 per second sustained. */
class Bucket {
  private tokens = 40;
  private last = Date.now();
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(40, this.tokens + ((now - this.last) / 1000) * 20);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** How many drag messages of one socket may wait for the one before them. */
const MAX_QUEUED_DRAGS = 64;

/**
 * drag:start, drag:move and drag:end of one socket run one after another: a move waits for its
 * start's database check, an end for both, so a ghost never outlives its drag.
 */
class DragQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  run<T>(work: () => Promise<T> | T): Promise<T> {
    if (this.waiting >= MAX_QUEUED_DRAGS) throw new AppError('rate_limited', 'too many drag messages waiting; slow down');
    this.waiting += 1;
    const result = this.tail.then(work).finally(() => (this.waiting -= 1));
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** Per-socket state of the handlers. */
interface Connection {
  bucket: Bucket;
  drags: DragQueue;
}

/** Ghosts only for occurrences of this board: the same 404 for a foreign, an unknown and another board's occurrence. */
async function requireBoardOccurrence(hub: HandlerHost, socket: IoSocket, boardId: string, occurrenceId: string): Promise<void> {
  if ((await hub.opts.services.scheduling.occurrences.get(hub.ctx(socket), occurrenceId)).boardId !== boardId) throw new AppError('not_found', 'occurrence not found');
  if (!hub.joinedBoard(socket, boardId)) throw new AppError('not_found', 'board not joined on this connection; send board:join first');
}

function requireJoined(hub: HandlerHost, socket: IoSocket, boardId: string) {
  const joined = hub.joinedBoard(socket, boardId);
  if (!joined) throw new AppError('not_found', 'board not joined on this connection; send board:join first');
  return joined;
}

function requirePlannerOnBoard(hub: HandlerHost, socket: IoSocket, boardId: string) {
  const joined = requireJoined(hub, socket, boardId);
  if (!roleAtLeast(joined.role, 'planner')) throw forbidden(`you are a ${joined.role} on this board; dragging needs a planner or higher`);
}

/**
 * A client built for another version of the socket contract (a tab left open across a deploy, or
 * one loaded from a newer node mid-rollout) would misread events: it is told to reload instead.
 * No `protocol` at all is taken as the current one (tools written against docs/api.md before it existed).
 */
function requireProtocol(protocol: number | undefined): void {
  if (protocol === undefined || protocol === PROTOCOL_VERSION) return;
  const which = protocol < PROTOCOL_VERSION ? 'older' : 'newer';
  throw new AppError('protocol_mismatch', `this page is ${which} than the server (protocol ${protocol}, server ${PROTOCOL_VERSION}); reload to update`, {
    server: PROTOCOL_VERSION,
    client: protocol,
  });
}

const handlers: { [E in ClientEventName]: Handler<E> } = {
  'board:join': async (hub, socket, { boardId, sinceSeq, protocol }, reply) => {
    requireProtocol(protocol);
    const ctx = hub.ctx(socket);
    let role = await requireBoardRole(ctx, boardId, 'viewer');
    let events: BoardEvent[] | undefined;
    let seq = 0;
    if (sinceSeq !== undefined) {
      const page = await hub.opts.services.boards.events(ctx, boardId, sinceSeq, MAX_REPLAY_EVENTS);
      // Too far behind, or ahead of the log (a restored database): a snapshot is the only safe answer.
      if (sinceSeq <= page.seq && page.seq - sinceSeq <= MAX_REPLAY_EVENTS) {
        events = page.events;
        seq = events.length ? events[events.length - 1]!.seq : sinceSeq;
      }
    }
    let snapshot: FullSnapshot | undefined;
    if (!events) {
      snapshot = await hub.opts.services.boards.snapshot(ctx, boardId, {});
      seq = snapshot.seq;
      role = snapshot.role;
    }
    await hub.admit(socket, boardId, role, seq, (catchUp) => {
      if (events) {
        const all = [...events, ...catchUp];
        reply({ ok: true, seq: all.length ? all[all.length - 1]!.seq : seq, events: all });
      } else {
        reply({ ok: true, seq, snapshot });
        for (const e of catchUp) socket.emit('board:event', e);
      }
    });
  },

  'board:leave': (hub, socket, { boardId }) => {
    hub.leave(socket, boardId, { grace: false });
  },

  'presence:update': (hub, socket, { boardId, cursor, selection, editing }) => {
    requireJoined(hub, socket, boardId);
    hub.presence.update(boardId, socket.data.userId, { cursor, selection, editing });
  },

  'drag:start': (hub, socket, { boardId, occurrenceId }, _reply, conn) =>
    conn.drags.run(async () => {
      requirePlannerOnBoard(hub, socket, boardId);
      await requireBoardOccurrence(hub, socket, boardId, occurrenceId);
      hub.drags.start(socket.id, socket.data.userId, boardId, occurrenceId);
    }),

  // Checked like drag:start once per drag: a move without a start (a client that reconnected
  // mid-drag) starts the drag, and costs a database read like a start does.
  'drag:move': (hub, socket, { boardId, occurrenceId, assetId, startsAt }, _reply, conn) =>
    conn.drags.run(async () => {
      requirePlannerOnBoard(hub, socket, boardId);
      if (!hub.drags.isActive(socket.id, boardId, occurrenceId)) {
        if (!conn.bucket.take()) throw new AppError('rate_limited', 'too many drag:move messages without drag:start; slow down');
        await requireBoardOccurrence(hub, socket, boardId, occurrenceId);
      }
      hub.drags.move(socket.id, socket.data.userId, boardId, occurrenceId, assetId, startsAt);
    }),

  'drag:end': (hub, socket, { boardId, occurrenceId, committed }, _reply, conn) =>
    conn.drags.run(() => {
      requirePlannerOnBoard(hub, socket, boardId);
      if (!hub.drags.end(socket.id, boardId, occurrenceId, committed)) throw new AppError('not_found', 'no drag of this occurrence in progress');
    }),

  // The same service and answer as `POST /api/schedules/preview`.
  'schedule:preview': async (hub, socket, body) => ({ ...(await hub.opts.services.scheduling.schedule.preview(hub.ctx(socket), body)) }),
};

const isClientEvent = (event: unknown): event is ClientEventName => typeof event === 'string' && Object.hasOwn(clientEventSchemas, event);

/**
 * One validating wrapper for every client event: payloads are untrusted (a hostile client ignores
 * the types), so each is parsed with its shared schema; every failure becomes an error ack via
 * `toAckFailure`, and nothing a client sends can throw out of a listener.
 */
export function registerHandlers(hub: HandlerHost, socket: IoSocket): void {
  const conn: Connection = { bucket: new Bucket(), drags: new DragQueue() };
  const on = socket.on.bind(socket) as unknown as (event: string, listener: (...args: unknown[]) => void) => void;
  for (const event of Object.keys(clientEventSchemas) as ClientEventName[]) {
    on(event, (...args) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as AckFn) : undefined;
      void run(event, args, ack);
    });
  }
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (isClientEvent(event)) return;
    const ack = typeof args[args.length - 1] === 'function' ? (args[args.length - 1] as AckFn) : undefined;
    safeAck(ack, toAckFailure(new AppError('not_found', `unknown event "${String(event).slice(0, 60)}"`), 'unknown event'));
  });

  async function run<E extends ClientEventName>(event: E, args: unknown[], ack: AckFn | undefined): Promise<void> {
    let answered = false;
    const reply: Reply = (answer) => {
      if (answered) return;
      answered = true;
      safeAck(ack, answer);
    };
    try {
      if (COSTLY.has(event) && !conn.bucket.take()) throw new AppError('rate_limited', `too many ${event} messages; slow down`);
      if (args.length !== 1) throw validationFailed([{ path: '(payload)', message: `expected one payload object, got ${args.length} arguments` }]);
      const payload = parseWith(clientEventSchemas[event], args[0]) as Payload<E>;
      const result = await (handlers[event] as Handler<E>)(hub, socket, payload, reply, conn);
      reply(result ?? { ok: true });
    } catch (err) {
      reply(toAckFailure(err, event));
    }
  }
}
