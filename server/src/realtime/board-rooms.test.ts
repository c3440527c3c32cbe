import { describe, expect, it, vi } from 'vitest';
import type { AssetDto, BoardEvent } from '@schedhuler/shared';
import { BoardRooms } from './board-rooms';

const B = 'b1';
const asset = (seq: number): AssetDto => ({ id: `a${seq}`, boardId: B, code: `A-${seq}`, name: `Asset ${seq}`, kind: 'vehicle', status: 'working', version: 1 });
const ev = (seq: number, boardId = B): BoardEvent => ({ boardId, seq, type: 'asset.created', at: new Date(0).toISOString(), actor: null, data: asset(seq) });

/** A fake room: records what the room delivered and which joined sockets saw what. */
function setup(logSize: number, opts: { gapTimeoutMs?: number; recentSize?: number } = {}) {
  const log = Array.from({ length: logSize }, (_, i) => ev(i + 1));
  const delivered: number[] = [];
  const members = new Map<string, number[]>();
  const reads = vi.fn(async (_boardId: string, since: number, limit: number) => log.filter((e) => e.seq > since).slice(0, limit));
  const rooms = new BoardRooms({
    deliver: (_b, e) => {
      delivered.push(e.seq);
      for (const got of members.values()) got.push(e.seq);
    },
    readEvents: reads,
    gapTimeoutMs: opts.gapTimeoutMs ?? 20,
    recentSize: opts.recentSize,
  });
  /** A client that joins having read the log up to `seq`: it owns 1..seq, then catch-up, then room events. */
  const join = async (name: string, seq: number) => {
    const got = Array.from({ length: seq }, (_, i) => i + 1);
    await rooms.join(B, seq, {
      admit: () => members.set(name, got),
      respond: (catchUp) => got.push(...catchUp.map((e) => e.seq)),
    });
    return got;
  };
  return { rooms, log, delivered, reads, join, members };
}

const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('BoardRooms', () => {
  it('delivers out-of-order commits in seq order', () => {
    const { rooms, join, delivered } = setup(0);
    void join('a', 0);
    rooms.accept([ev(2)]);
    expect(delivered).toEqual([]);
    rooms.accept([ev(1), ev(3)]);
    rooms.accept([ev(2), ev(1)]); // duplicates are dropped
    expect(delivered).toEqual([1, 2, 3]);
  });

  it('fills a gap from the log after the timeout', async () => {
    const { rooms, join, delivered, log, reads } = setup(5);
    await join('a', 2);
    rooms.accept([log[4]!]); // seq 5 arrives, 3 and 4 never do
    expect(delivered).toEqual([]);
    await vi.waitFor(() => expect(delivered).toEqual([3, 4, 5]));
    expect(reads).toHaveBeenCalledWith(B, 2, 1000);
  });

  it('ignores boards nobody joined', () => {
    const { rooms, delivered } = setup(0);
    rooms.accept([ev(1, 'other')]);
    expect(delivered).toEqual([]);
    expect(rooms.activeBoards()).toEqual([]);
  });

  it('an event published while the first joiner on this node read its answer still reaches it', async () => {
    // Nobody here watched the board yet: seq 5 came off the bus after the joiner's read (at 4) and
    // before its room existed. It used to be dropped, and the joiner saw it only once a later event
    // exposed the gap (never, on a quiet board).
    const { rooms, join, log, delivered, reads } = setup(5);
    rooms.accept([log[4]!]);
    const a = await join('a', 4);
    await vi.waitFor(() => expect(a).toEqual(upTo(5)));
    expect(delivered).toEqual([5]);
    expect(reads).toHaveBeenCalledWith(B, 4, 1000);
  });

  it('a first joiner whose answer already holds what the bus brought reads nothing more', async () => {
    const { rooms, join, log, reads } = setup(5);
    rooms.accept([log[3]!, log[4]!]);
    const a = await join('a', 5);
    await new Promise((r) => setTimeout(r, 60));
    expect(a).toEqual(upTo(5));
    expect(reads).not.toHaveBeenCalled();
    expect(rooms.activeBoards()).toEqual([B]);
  });

  it('a joiner that read older data gets the catch-up from memory and then the room, each once', async () => {
    const { rooms, join, log, reads } = setup(10);
    const a = await join('a', 4);
    rooms.accept(log.slice(4, 8)); // room delivers 5..8
    const b = await join('b', 6); // b read up to 6 before the room delivered 7, 8
    rooms.accept(log.slice(8, 10));
    expect(a).toEqual(upTo(10));
    expect(b).toEqual(upTo(10));
    expect(reads).not.toHaveBeenCalled();
  });

  it('a joiner older than the in-memory window catches up from the log', async () => {
    const { rooms, join, log, reads } = setup(30, { recentSize: 5 });
    await join('a', 0);
    rooms.accept(log.slice(0, 20));
    const b = await join('b', 3);
    expect(reads).toHaveBeenCalledWith(B, 3, 1000);
    // The read returned up to 30, beyond what the room delivered (20): b waits outside until the room gets there.
    expect(b).toEqual(upTo(30));
    rooms.accept(log.slice(20, 31));
    expect(b).toEqual(upTo(30));
    rooms.accept([ev(31)]);
    expect(b).toEqual(upTo(31));
  });

  it('a joiner that read newer data than the room waits outside until the room reaches its seq', async () => {
    const { rooms, join, log, delivered } = setup(8);
    const a = await join('a', 3);
    const b = await join('b', 6); // b's read saw 4..6 committed; the room has not delivered them yet
    expect(b).toEqual(upTo(6));
    rooms.accept([log[3]!, log[4]!]);
    expect(b).toEqual(upTo(6));
    rooms.accept([log[6]!, log[5]!, log[7]!]);
    expect(delivered).toEqual([4, 5, 6, 7, 8]);
    expect(a).toEqual(upTo(8));
    expect(b).toEqual(upTo(8));
  });

  it('a waiting joiner makes the room read the missing events if they never arrive', async () => {
    const { join } = setup(6);
    const a = await join('a', 3);
    const b = await join('b', 6);
    await vi.waitFor(() => expect(a).toEqual(upTo(6)));
    expect(b).toEqual(upTo(6));
  });

  it('a hint from another node that it is ahead makes this node catch up from the log', async () => {
    const { rooms, join, delivered } = setup(4);
    await join('a', 1);
    rooms.hint(B, 4);
    await vi.waitFor(() => expect(delivered).toEqual([2, 3, 4]));
  });

  it('retries the log after a failed read', async () => {
    const { rooms, join, delivered, reads } = setup(3);
    await join('a', 1);
    reads.mockRejectedValueOnce(new Error('connection terminated'));
    rooms.accept([ev(3)]);
    await vi.waitFor(() => expect(delivered).toEqual([2, 3]));
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('release forgets the board and stops its timers', async () => {
    const { rooms, join, delivered, reads } = setup(3);
    await join('a', 1);
    rooms.accept([ev(3)]);
    rooms.release(B);
    await new Promise((r) => setTimeout(r, 60));
    expect(delivered).toEqual([]);
    expect(reads).not.toHaveBeenCalled();
    expect(rooms.deliveredSeq(B)).toBeUndefined();
  });
});
