import type { AssetDto, CreateAssetBody, PatchAssetBody } from '@schedhuler/shared';
import { Asset, type IAsset } from '../entities/index';
import { alreadyExists, notFound, staleVersion } from '../errors';
import type { EventBus } from '../events/event-bus';
import { updateAssetIfVersion } from '../repositories/asset.repository';
import { isUuid, requireActor, requireBoardRole } from './access';
import type { Ctx } from './context';
import { inTransaction } from './unit-of-work';

export const toAssetDto = (a: IAsset): AssetDto => ({
  id: a.id,
  boardId: a.board.id,
  code: a.code,
  name: a.name,
  kind: a.kind,
  status: a.status,
  version: a.version,
});

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

export class AssetService {
  constructor(private readonly bus: EventBus) {}

  async list(ctx: Ctx, boardId: string): Promise<AssetDto[]> {
    await requireBoardRole(ctx, boardId, 'viewer');
    const assets = await ctx.em.find(Asset, { board: boardId }, { orderBy: { kind: 'asc', code: 'asc' } });
    return assets.map(toAssetDto);
  }

  async create(ctx: Ctx, boardId: string, body: CreateAssetBody): Promise<AssetDto> {
    await requireBoardRole(ctx, boardId, 'planner');
    try {
      const { result } = await inTransaction(ctx.em, this.bus, ctx.actor, async (tx, emit) => {
        const asset = tx.create(Asset, { board: boardId, code: body.code, name: body.name, kind: body.kind, status: body.status ?? 'working', version: 1 });
        await tx.flush();
        const dto = toAssetDto(asset);
        emit(boardId, 'asset.created', dto);
        return dto;
      });
      return result;
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadyExists(`asset code "${body.code}" is already used on this board`, [{ path: 'code', message: `"${body.code}" is already used by another asset on this board` }]);
      throw err;
    }
  }

  async patch(ctx: Ctx, assetId: string, body: PatchAssetBody): Promise<AssetDto> {
    requireActor(ctx);
    if (!isUuid(assetId)) throw notFound('asset');
    const found = await ctx.em.findOne(Asset, assetId);
    if (!found) throw notFound('asset');
    await requireBoardRole(ctx, found.board.id, 'planner', 'asset');
    const { result } = await inTransaction(ctx.em, this.bus, ctx.actor, async (tx, emit) => {
      // Compare-and-set on version inside the transaction: two concurrent edits cannot both win.
      const updated = await updateAssetIfVersion(tx, assetId, body.expectedVersion, body);
      const fresh = await tx.findOneOrFail(Asset, assetId, { refresh: true });
      if (!updated) throw staleVersion(toAssetDto(fresh));
      const dto = toAssetDto(fresh);
      emit(fresh.board.id, 'asset.updated', dto);
      return dto;
    });
    return result;
  }
}
