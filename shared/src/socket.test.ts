import { describe, expect, it } from 'vitest';
import { clientEventSchemas, dragEndPayload, dragMovePayload, presenceUpdatePayload } from './socket';
import type { ClientToServerEvents } from './socket';

const ID = '3f2b6c1e-1111-4222-8333-444455556666';

describe('socket payload schemas', () => {
  it('has a schema for every client → server event', () => {
    const names: Record<keyof ClientToServerEvents, true> = {
      'board:join': true,
      'board:leave': true,
      'presence:update': true,
      'drag:start': true,
      'drag:move': true,
      'drag:end': true,
      'schedule:preview': true,
    };
    expect(Object.keys(clientEventSchemas).sort()).toEqual(Object.keys(names).sort());
  });

  it.each([
    ['board:join', { boardId: ID }],
    ['board:join', { boardId: ID, sinceSeq: 0 }],
    ['board:leave', { boardId: ID }],
    ['presence:update', { boardId: ID, cursor: { assetId: ID, at: '2026-12-01T08:00:00Z' }, selection: [ID], editing: ID }],
    ['presence:update', { boardId: ID, cursor: null, editing: null }],
    ['drag:start', { boardId: ID, occurrenceId: ID }],
    ['drag:move', { boardId: ID, occurrenceId: ID, assetId: ID, startsAt: '2026-12-01T08:00:00+01:00' }],
    ['drag:end', { boardId: ID, occurrenceId: ID, committed: false }],
    ['schedule:preview', { cron: '0 8 * * *', count: 5 }],
  ] as const)('accepts a valid %s payload', (event, payload) => {
    expect(clientEventSchemas[event].safeParse(payload).success).toBe(true);
  });

  it.each([
    ['board:join', { boardId: ID, sinceSeq: -1 }],
    ['board:join', { boardId: ID, sinceSeq: '5' }],
    ['board:join', 'garbage'],
    ['board:join', null],
    ['board:leave', { boardId: 'x' }],
    ['drag:start', { boardId: ID }],
    ['drag:end', { boardId: ID, occurrenceId: ID, committed: 'yes' }],
    ['schedule:preview', { cron: 42 }],
  ] as const)('refuses a bad %s payload', (event, payload) => {
    expect(clientEventSchemas[event].safeParse(payload).success).toBe(false);
  });

  it('refuses oversized selections, unknown fields and bad instants', () => {
    expect(presenceUpdatePayload.safeParse({ boardId: ID, selection: Array(501).fill(ID) }).success).toBe(false);
    expect(dragMovePayload.safeParse({ boardId: ID, occurrenceId: ID, assetId: ID, startsAt: 'now' }).success).toBe(false);
    expect(dragEndPayload.safeParse({ boardId: ID, occurrenceId: ID, committed: true, extra: 1 }).success).toBe(false);
  });
});
