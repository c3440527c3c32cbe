import type { AssetDto, JobDto } from '@schedhuler/shared';
import { describe, expect, it } from 'vitest';
import { PendingEvents } from './pending-events';

const asset: AssetDto = { id: 'a1', boardId: 'b1', code: 'VAN-1', name: 'Van', kind: 'vehicle', status: 'working', version: 1 };
const job = { id: 'j1', boardId: 'b1', name: 'Fuel run' } as JobDto;

describe('PendingEvents', () => {
  it('lists the events of a change in emit order across types, each stamped with the change id', () => {
    const pending = new PendingEvents('change-1');
    pending.emit('b1', 'asset.created', asset);
    pending.emit('b1', 'job.created', job);
    pending.emit('b2', 'asset.updated', { ...asset, version: 2 });
    pending.emit('b1', 'asset.created', { ...asset, id: 'a2' });
    const listed = pending.list();
    expect(listed).toEqual([
      { boardId: 'b1', type: 'asset.created', data: { ...asset, changeId: 'change-1' } },
      { boardId: 'b1', type: 'job.created', data: { ...job, changeId: 'change-1' } },
      { boardId: 'b2', type: 'asset.updated', data: { ...asset, version: 2, changeId: 'change-1' } },
      { boardId: 'b1', type: 'asset.created', data: { ...asset, id: 'a2', changeId: 'change-1' } },
    ]);
    // The caller's object is not stamped: it may be the answer of the request.
    expect(asset).not.toHaveProperty('changeId');
  });

  it('is empty without emits', () => {
    expect(new PendingEvents('c').list()).toEqual([]);
  });
});
