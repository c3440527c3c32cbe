import { z } from 'zod';
import { nameField, versionField } from './common';
import { strictBody } from './job';
import { text } from './text';
import { ASSET_KINDS, ASSET_STATUSES, type AssetKind, type AssetStatus } from '../domain/asset-states';

export { ASSET_KINDS, ASSET_STATUSES, UNBOOKABLE_STATUSES, type AssetKind, type AssetStatus } from '../domain/asset-states';

export const assetCodeField = text({ max: 40, trim: true })
  .min(1, 'must not be empty')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._\-/ ]*$/u, 'must start with a letter or digit and use letters, digits, ".", "_", "-", "/" or spaces');

export const createAssetBody = strictBody({
  code: assetCodeField,
  name: nameField(200),
  kind: z.enum(ASSET_KINDS, { error: `must be one of ${ASSET_KINDS.join(', ')}` }),
  status: z.enum(ASSET_STATUSES, { error: `must be one of ${ASSET_STATUSES.join(', ')}` }).optional(),
});
export type CreateAssetBody = z.infer<typeof createAssetBody>;

export const patchAssetBody = strictBody({
  name: nameField(200).optional(),
  status: z.enum(ASSET_STATUSES, { error: `must be one of ${ASSET_STATUSES.join(', ')}` }).optional(),
  expectedVersion: versionField,
});
export type PatchAssetBody = z.infer<typeof patchAssetBody>;

export interface AssetDto {
  id: string;
  boardId: string;
  code: string;
  name: string;
  kind: AssetKind;
  status: AssetStatus;
  version: number;
}
