/** Asset kinds and states as plain values (no zod: the board page imports them; schemas/asset.ts re-exports these). */
export const ASSET_KINDS = ['person', 'vehicle', 'equipment', 'checkpoint', 'site'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];
export const ASSET_STATUSES = ['working', 'standby', 'maintenance', 'scrapped'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];
/** Assets in these states cannot be booked. */
export const UNBOOKABLE_STATUSES: readonly AssetStatus[] = ['maintenance', 'scrapped'];
