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
    expect(listed.map((e) => [e.boardId, e.type, e.data.id])).toEqual([
      ['b1', 'asset.created', 'a1'],
      ['b1', 'job.created', 'j1'],
      ['b2', 'asset.updated', 'a1'],
      ['b1', 'asset.created', 'a2'],
    ]);
    expect(listed.every((e) => e.data.changeId === 'change-1')).toBe(true);
    // The caller's object is not stamped: it may be the answer of the request.
    expect(asset).not.toHaveProperty('changeId');
    expect(Object.keys(listed[0]!).sort()).toEqual(['boardId', 'data', 'type']);
  });

  it('is empty without emits', () => {
    expect(new PendingEvents('c').list()).toEqual([]);
  });
});
