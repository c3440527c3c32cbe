import {
  clampInstant,
  DEFAULT_WORKING_HOURS,
  firstRowAssets,
  type BoardDto,
  type BoardEventsResponse,
  type BoardListItem,
  type BoardSnapshot,
  type BoardRole,
  type CompactSnapshot,
  type CreateBoardBody,
  type DirectoryUser,
  type MemberDto,
  type PatchBoardBody,
} from '@schedhuler/shared';
import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { Board, Membership, User, type IBoard } from '../entities/index';
import { alreadyExists, AppError, forbidden, notFound, staleVersion } from '../errors';
import type { EventBus } from '../events/event-bus';
import { findAllBoards, findBoardsOfMember, lockBoard } from '../repositories/board.repository';
import { countOtherSupervisors, findMembersOf, findMembershipRole, upsertMembership } from '../repositories/membership.repository';
import { findSnapshotAssets } from '../repositories/snapshot.repository';
import { findActiveUsersLike } from '../repositories/user.repository';
import { isUuid, requireActor, requireAdmin, requireBoardRole } from './access';
import type { Ctx } from './context';
import { readEvents } from './event-log';
import { inTransaction } from './unit-of-work';

export const toBoardDto = (b: IBoard): BoardDto => ({
  id: b.id,
  name: b.name,
  timezone: b.timezone,
  horizonDays: b.horizonDays,
  workingHours: b.workingHours,
  version: b.version,
  lastSeq: b.lastSeq,
});

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/** 409 with the field, so a form can show it where the name was typed. */
const nameTaken = (name: string) =>
  alreadyExists(`a board called "${name}" already exists`, [{ path: 'name', message: `a board called "${name}" already exists (names are compared ignoring case)` }]);

const lastSupervisor = (what: 'remove' | 'demote') =>
  new AppError(
    'last_supervisor',
    what === 'remove'
      ? 'this is the last supervisor of the board; make another member a supervisor first'
      : 'this is the last supervisor of the board; make another member a supervisor before changing this role',
    what === 'demote' ? [{ path: 'role', message: 'the board needs at least one supervisor' }] : undefined,
  );

/**
 * Locks the board row for the rest of the transaction: membership changes of one board take turns,
 * so two supervisors demoting each other at once cannot leave the board without one.
 */
async function lockBoardOrFail(tx: EntityManager, boardId: string): Promise<void> {
  if (!(await lockBoard(tx, boardId))) throw notFound('board');
}

/** How a snapshot part is asked for: serialized parts allowed (`raw`), and a first view's asset rows. */
export interface SnapshotPartOptions {
  raw: boolean;
  /** A first view (`?firstAssets=n`): only the occurrences performed on these assets. */
  firstAssetIds?: readonly string[];
}

/**
 * Contributes the scheduling parts of a board snapshot (jobs, occurrences, conflicts). With `compact`
 * the occurrences come as the compact encoding's `dict` and `occurrences` columns.
 */
export type SnapshotPart = (ctx: Ctx, boardId: string, from: Date, to: Date, encoding: SnapshotEncoding, opts: SnapshotPartOptions) => Promise<Record<string, unknown>>;

/** A snapshot's options: serialized parts allowed (`raw`, for `snapshotJson`), a first view of the first n asset rows. */
export interface SnapshotOptions {
  raw?: boolean;
  firstAssets?: number;
}

/** A snapshot whose big parts may be serialized already (RawJson, snapshot-cache.ts): for `snapshotJson` only. */
export type RawSnapshot = Record<string, unknown> & { seq: number };

export type SnapshotEncoding = 'default' | 'compact';

/** A snapshot of the default encoding as the service answers it: `from`, `to` and `role` always set. */
export type FullSnapshot = Required<Omit<BoardSnapshot, 'firstAssets' | 'nextFrom'>> & Pick<BoardSnapshot, 'nextFrom'>;

export class BoardService {
  private readonly snapshotParts: SnapshotPart[] = [];

  constructor(private readonly bus: EventBus) {}

  addSnapshotPart(part: SnapshotPart): void {
    this.snapshotParts.push(part);
  }

  async list(ctx: Ctx): Promise<BoardListItem[]> {
    requireActor(ctx);
    const rows = ctx.actor.isAdmin ? await findAllBoards(ctx.em) : await findBoardsOfMember(ctx.em, ctx.actor.id);
    return rows.map((r) => ({ id: r.id, name: r.name, timezone: r.timezone, horizonDays: r.horizon_days, workingHours: r.working_hours, role: r.role }));
  }

  async create(ctx: Ctx, body: CreateBoardBody): Promise<BoardDto> {
    requireAdmin(ctx);
    try {
      const board = ctx.em.create(Board, {
        name: body.name,
        timezone: body.timezone,
        horizonDays: body.horizonDays ?? 14,
        workingHours: body.workingHours ?? DEFAULT_WORKING_HOURS,
        version: 1,
        lastSeq: 0,
      });
      await ctx.em.flush();
      return toBoardDto(board);
    } catch (err) {
      if (isUniqueViolation(err)) throw nameTaken(body.name);
      throw err;
    }
  }

  /** Admin: name, zone, horizon, working hours; `board.updated` tells everyone on the board. */
  async patch(ctx: Ctx, boardId: string, body: PatchBoardBody): Promise<BoardDto> {
    await requireBoardRole(ctx, boardId, 'admin');
    try {
      const { result } = await inTransaction(ctx.em, this.bus, ctx.actor, async (tx, emit) => {
        await lockBoardOrFail(tx, boardId);
        const board = await tx.findOneOrFail(Board, boardId, { refresh: true });
        if (body.expectedVersion !== undefined && body.expectedVersion !== board.version) throw staleVersion(toBoardDto(board));
        if (body.name !== undefined) board.name = body.name;
        if (body.timezone !== undefined) board.timezone = body.timezone;
        if (body.horizonDays !== undefined) board.horizonDays = body.horizonDays;
        if (body.workingHours !== undefined) board.workingHours = body.workingHours;
        board.version += 1;
        await tx.flush();
        const dto = toBoardDto(board);
        emit(boardId, 'board.updated', dto);
        return dto;
      });
      return result;
    } catch (err) {
      if (isUniqueViolation(err) && body.name !== undefined) throw nameTaken(body.name);
      throw err;
    }
  }

  /** Active users a supervisor may add as members (no admin-only user list needed). */
  async userDirectory(ctx: Ctx, boardId: string, q: string | undefined): Promise<DirectoryUser[]> {
    await requireBoardRole(ctx, boardId, 'supervisor');
    const like = `%${(q ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await findActiveUsersLike(ctx.em, like);
    return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name }));
  }

  /** Everything a client needs to draw the board for [from, to), plus the seq it is consistent with. */
  // The shared BoardSnapshot with `from`, `to` and `role` always set (they are optional for clients).
  async snapshot(ctx: Ctx, boardId: string, range: { from?: string; to?: string }, encoding?: 'default'): Promise<FullSnapshot>;
  async snapshot(ctx: Ctx, boardId: string, range: { from?: string; to?: string }, encoding: SnapshotEncoding, opts?: { firstAssets?: number }): Promise<BoardSnapshot | CompactSnapshot>;
  async snapshot(ctx: Ctx, boardId: string, range: { from?: string; to?: string }, encoding: SnapshotEncoding, opts: { raw: true; firstAssets?: number }): Promise<RawSnapshot>;
  async snapshot(ctx: Ctx, boardId: string, range: { from?: string; to?: string }, encoding: SnapshotEncoding = 'default', opts: SnapshotOptions = {}): Promise<BoardSnapshot | CompactSnapshot | RawSnapshot> {
    const role = await requireBoardRole(ctx, boardId, 'viewer');
    // One repeatable-read transaction, so the rows and `seq` describe the same instant.
    return ctx.em.transactional(
      async (tx) => {
        const board = await tx.findOneOrFail(Board, boardId);
        const startOfToday = DateTime.now().setZone(board.timezone).startOf('day');
        const from = range.from ? new Date(range.from) : startOfToday.toJSDate();
        // A default end past 9999-12-31 is cut there (a `from` of 9999-12-30 is valid; from + 7 days is not storable).
        const to = range.to ? new Date(range.to) : range.from ? new Date(clampInstant(from.getTime() + 7 * 86_400_000)) : startOfToday.plus({ days: 7 }).toJSDate();
        const assets = await findSnapshotAssets(tx, boardId);
        const snapshot: BoardSnapshot = {
          board: toBoardDto(board),
          assets,
          jobs: [],
          occurrences: [],
          conflicts: [],
          seq: board.lastSeq,
          from: from.toISOString(),
          to: to.toISOString(),
          role,
        };
        const partOpts: SnapshotPartOptions = { raw: opts.raw ?? false };
        if (opts.firstAssets !== undefined) {
          snapshot.firstAssets = opts.firstAssets;
          partOpts.firstAssetIds = firstRowAssets(assets, opts.firstAssets).map((a) => a.id);
        }
        const partCtx = { ...ctx, em: tx };
        for (const part of this.snapshotParts) Object.assign(snapshot, await part(partCtx, boardId, from, to, encoding, partOpts));
        if (encoding === 'default') return snapshot;
        const { occurrences, dict, ...rest } = snapshot as unknown as Omit<BoardSnapshot, 'occurrences'> & Pick<CompactSnapshot, 'dict' | 'occurrences'>;
        return { encoding: 'compact', v: 1, ...rest, dict, occurrences };
      },
      { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
    );
  }

  async events(ctx: Ctx, boardId: string, since: number, limit: number): Promise<BoardEventsResponse> {
    await requireBoardRole(ctx, boardId, 'viewer');
    const board = await ctx.em.findOneOrFail(Board, boardId);
    return { events: await readEvents(ctx.em, boardId, since, limit), seq: board.lastSeq };
  }

  async members(ctx: Ctx, boardId: string): Promise<MemberDto[]> {
    await requireBoardRole(ctx, boardId, 'viewer');
    const rows = await findMembersOf(ctx.em, boardId);
    return rows.map((r) => ({ userId: r.user_id, username: r.username, displayName: r.display_name, role: r.role }));
  }

  async setMember(ctx: Ctx, boardId: string, userId: string, role: BoardRole): Promise<MemberDto> {
    await requireBoardRole(ctx, boardId, 'supervisor');
    if (!isUuid(userId)) throw notFound('user');
    if (userId === ctx.actor!.id && !ctx.actor!.isAdmin && role !== 'supervisor') {
      throw forbidden('you cannot lower your own role; ask another supervisor');
    }
    const { result } = await inTransaction(ctx.em, this.bus, ctx.actor, async (tx, emit) => {
      await lockBoardOrFail(tx, boardId);
      const user = await tx.findOne(User, userId);
      if (!user) throw notFound('user');
      if (role !== 'supervisor') {
        if ((await findMembershipRole(tx, boardId, userId)) === 'supervisor' && (await countOtherSupervisors(tx, boardId, userId)) === 0) throw lastSupervisor('demote');
      }
      await upsertMembership(tx, boardId, userId, role);
      const member: MemberDto = { userId, username: user.username, displayName: user.displayName, role };
      emit(boardId, 'member.updated', { ...member, removed: false });
      return member;
    });
    return result;
  }

  async removeMember(ctx: Ctx, boardId: string, userId: string): Promise<void> {
    await requireBoardRole(ctx, boardId, 'supervisor');
    if (!isUuid(userId)) throw notFound('member');
    if (userId === ctx.actor!.id && !ctx.actor!.isAdmin) throw forbidden('you cannot remove yourself; ask another supervisor');
    await inTransaction(ctx.em, this.bus, ctx.actor, async (tx, emit) => {
      await lockBoardOrFail(tx, boardId);
      if ((await findMembershipRole(tx, boardId, userId)) === 'supervisor' && (await countOtherSupervisors(tx, boardId, userId)) === 0) throw lastSupervisor('remove');
      const deleted = await tx.nativeDelete(Membership, { board: boardId, user: userId });
      if (!deleted) throw notFound('member');
      emit(boardId, 'member.updated', { userId, role: null, removed: true });
    });
  }
}
