import type { EffectiveRole } from '@schedhuler/shared';
import { notFound } from '../errors';
import { findSnapshotStamp } from '../repositories/snapshot.repository';
import { isUuid, requireActor, requireRoleOf } from './access';
import type { BoardService, SnapshotEncoding } from './board.service';
import type { Ctx } from './context';

/** JSON text serialized ahead (a snapshot's occurrences kept with their rows), put into an answer as it is. */
export class RawJson {
  /** The text, whole or in pieces to be written one after the other. */
  constructor(readonly json: Buffer | readonly Buffer[]) {}
}

/**
 * `JSON.stringify` of a snapshot whose top-level values may be RawJson, as UTF-8: the same text, key
 * order and skipped `undefined`s, the kept parts copied in as bytes (no 3.5 MB string to build and
 * encode again after a write that changed none of them).
 */
export function snapshotJson(snapshot: Record<string, unknown>): Buffer {
  const chunks: Buffer[] = [];
  let text = '{';
  for (const [key, value] of Object.entries(snapshot)) {
    if (value === undefined) continue;
    text += `${text.length > 1 || chunks.length ? ',' : ''}${JSON.stringify(key)}:`;
    if (value instanceof RawJson) {
      chunks.push(Buffer.from(text));
      if (Buffer.isBuffer(value.json)) chunks.push(value.json);
      else chunks.push(...value.json);
      text = '';
    } else text += JSON.stringify(value);
  }
  chunks.push(Buffer.from(`${text}}`));
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** How the bytes of an answer are coded on the wire (null: as they are). */
export type WireCoding = 'br' | 'gzip' | null;

export interface SnapshotAnswer {
  body: Buffer;
  coding: WireCoding;
  seq: number;
}

interface Built extends SnapshotAnswer {
  boardId: string;
}

export interface SnapshotCacheOptions {
  /** Total bytes kept (least recently used out first). */
  maxBytes?: number;
  /** Answers bigger than this are not kept (the 20 MB default JSON sent uncompressed, say). */
  maxEntryBytes?: number;
}

/**
 * Board snapshots as sent (serialized and compressed), per board, role, encoding, range and wire
 * coding, each valid for the board's `seq` it was read at (issue 13.6). Opening a board again
 * between two writes answers from memory: the 50,000-occurrence snapshot costs ~0.5-2 s of SQL,
 * row parsing, JSON and brotli, a hit one read of the board row.
 *
 * Why it cannot serve stale data: every write that changes what a snapshot shows (occurrences, jobs,
 * assets, conflicts, the board, memberships, the last-change actors) appends its events in its own
 * transaction, and appending bumps `board.last_seq` in that transaction (event-log.ts). A snapshot
 * is read in one repeatable-read transaction and carries the `seq` it saw, so the bytes kept under
 * seq N are what any read at seq N answers. A request reads the committed `last_seq` first and is
 * served from memory only when it is that same N; any commit after the read makes it N+1 and the
 * next request builds again. Per process: several servers each check the shared database's seq.
 */
export class SnapshotCache {
  private readonly entries = new Map<string, Built>();
  private readonly building = new Map<string, Promise<Built>>();
  private bytes = 0;
  private readonly maxBytes: number;
  private readonly maxEntryBytes: number;

  constructor(
    private readonly boards: BoardService,
    private readonly compress: (json: Buffer, coding: 'br' | 'gzip') => Promise<Buffer>,
    opts: SnapshotCacheOptions = {},
  ) {
    this.maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
    this.maxEntryBytes = opts.maxEntryBytes ?? 16 * 1024 * 1024;
  }

  /** Kept answers and their bytes (for tests and metrics). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /**
   * The snapshot of [from, to) (both given: a default range depends on the day and is not kept),
   * coded as asked; `coding` is dropped for answers under `minBytes`. `firstAssets`: a first view's.
   */
  async answer(ctx: Ctx, boardId: string, range: { from: string; to: string }, encoding: SnapshotEncoding, coding: WireCoding, minBytes: number, firstAssets?: number): Promise<SnapshotAnswer> {
    requireActor(ctx);
    if (!isUuid(boardId)) throw notFound('board');
    const stamp = await findSnapshotStamp(ctx.em, ctx.actor.id, boardId);
    const role: EffectiveRole = requireRoleOf(ctx.actor, stamp, 'viewer');
    const seq = stamp!.seq;
    const key = `${boardId} ${role} ${encoding} ${new Date(range.from).toISOString()} ${new Date(range.to).toISOString()} ${coding ?? 'identity'} ${firstAssets ?? 'all'}`;
    const hit = this.entries.get(key);
    // Newer than the seq read is fine too: as if this request had come a moment later.
    if (hit && hit.seq >= seq) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    let built = await this.buildOnce(key, () => this.build(ctx, boardId, range, encoding, coding, minBytes, firstAssets));
    // A build that was already under way may have read before the seq this request saw.
    if (built.seq < seq) built = await this.build(ctx, boardId, range, encoding, coding, minBytes, firstAssets);
    this.keep(key, built);
    return built;
  }

  /** One build per key at a time: simultaneous opens of one board share it. */
  private buildOnce(key: string, make: () => Promise<Built>): Promise<Built> {
    const running = this.building.get(key);
    if (running) return running;
    const made = make().finally(() => {
      if (this.building.get(key) === made) this.building.delete(key);
    });
    this.building.set(key, made);
    return made;
  }

  private async build(ctx: Ctx, boardId: string, range: { from: string; to: string }, encoding: SnapshotEncoding, coding: WireCoding, minBytes: number, firstAssets?: number): Promise<Built> {
    const snapshot = await this.boards.snapshot(ctx, boardId, range, encoding, { raw: true, firstAssets });
    const json = snapshotJson(snapshot);
    if (!coding || json.length < minBytes) return { boardId, seq: snapshot.seq, body: json, coding: null };
    return { boardId, seq: snapshot.seq, body: await this.compress(json, coding), coding };
  }

  private keep(key: string, built: Built): void {
    const old = this.entries.get(key);
    if (old && old.seq >= built.seq) return;
    if (old) this.drop(key, old);
    // Older answers of the board can never be served again.
    for (const [k, e] of this.entries) if (e.boardId === built.boardId && e.seq < built.seq) this.drop(k, e);
    if (built.body.length > this.maxEntryBytes) return;
    this.entries.set(key, built);
    this.bytes += built.body.length;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(k, e);
    }
  }

  private drop(key: string, entry: Built): void {
    this.entries.delete(key);
    this.bytes -= entry.body.length;
  }
}
