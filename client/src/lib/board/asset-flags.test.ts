import { describe, expect, it } from 'vitest';
import type { AssetDto, OccurrenceDto } from '@schedhuler/shared';
import { assetFlag, blockAssetFlag, withFlag } from './asset-flags';

const asset = (id: string, status: AssetDto['status'], kind: AssetDto['kind'] = 'person'): AssetDto => ({ id, boardId: 'b', code: id.toUpperCase(), name: `Asset ${id}`, kind, status, version: 1 });
const occ = (assetId: string, stops: string[] = []): Pick<{ assetId: string; occ: OccurrenceDto }, 'assetId' | 'occ'> => ({
  assetId,
  occ: {
    id: 'o', boardId: 'b', jobId: 'j', assetId, startsAt: '2027-01-04T08:00:00Z', endsAt: '2027-01-04T09:00:00Z', status: 'scheduled', version: 1, detached: false,
    stops: stops.map((s, i) => ({ seq: i + 1, assetId: s, startsAt: '2027-01-04T08:00:00Z', endsAt: '2027-01-04T08:10:00Z' })),
  },
});

describe('asset flags', () => {
  it('flags maintenance and scrapped assets only', () => {
    expect(assetFlag(asset('a', 'working'))).toBeNull();
    expect(assetFlag(asset('a', 'standby'))).toBeNull();
    expect(assetFlag(undefined)).toBeNull();
    expect(assetFlag(asset('a', 'maintenance'))).toMatchObject({ status: 'maintenance', short: 'Maint.', text: 'A Asset a is in maintenance' });
    expect(assetFlag(asset('a', 'scrapped'))).toMatchObject({ status: 'scrapped', text: 'A Asset a is retired' });
  });

  it('looks at the performing asset first, then the tour stops', () => {
    const byId = new Map([
      ['g', asset('g', 'working')],
      ['c1', asset('c1', 'working', 'checkpoint')],
      ['c2', asset('c2', 'maintenance', 'checkpoint')],
    ]);
    expect(blockAssetFlag(occ('g'), byId)).toBeNull();
    expect(blockAssetFlag(occ('g', ['c1', 'c2']), byId)?.asset.id).toBe('c2');
    byId.set('g', asset('g', 'scrapped'));
    expect(blockAssetFlag(occ('g', ['c1', 'c2']), byId)?.asset.id).toBe('g');
  });

  it('appends the flag to the accessible name', () => {
    expect(withFlag('Gate 08:00–09:00, Task', null)).toBe('Gate 08:00–09:00, Task');
    expect(withFlag('Gate 08:00–09:00, Task', assetFlag(asset('g', 'maintenance')))).toBe('Gate 08:00–09:00, Task, G Asset g is in maintenance');
  });
});
