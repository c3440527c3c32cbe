import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AppError, parseWith } from '../errors';
import { safeAck, toAckFailure } from './ack';

describe('socket acknowledgements', () => {
  it('maps an AppError to its code, message, details and extra top-level fields', () => {
    const err = new AppError('conflict', 'overlap on G-01', { n: 1 }, { conflictId: 'c1', hints: { nextFree: [] } });
    expect(toAckFailure(err, 'test')).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'overlap on G-01', details: { n: 1 } },
      conflictId: 'c1',
      hints: { nextFree: [] },
    });
    expect(toAckFailure(new AppError('forbidden', 'no'), 'test')).toEqual({ ok: false, error: { code: 'forbidden', message: 'no' } });
  });

  it('extra fields cannot override ok or error', () => {
    const err = new AppError('not_found', 'gone', undefined, { ok: true, error: 'x' });
    expect(toAckFailure(err, 'test')).toEqual({ ok: false, error: { code: 'not_found', message: 'gone' } });
  });

  it('a database outage is "unavailable", anything else "internal" without internals', () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(toAckFailure(down, 'board:join')).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const bug = toAckFailure(new TypeError("Cannot read properties of undefined (reading 'id') at select * from secret"), 'board:join');
    expect(bug).toEqual({ ok: false, error: { code: 'internal', message: 'internal error while handling board:join' } });
  });

  it('a socket payload is parsed like an HTTP body: every failing field is reported', () => {
    const schema = z.strictObject({ boardId: z.string(), n: z.number() });
    try {
      parseWith(schema, { boardId: 1 });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('validation_failed');
      expect(((err as AppError).details as { path: string }[]).map((d) => d.path).sort()).toEqual(['boardId', 'n']);
    }
  });

  it('safeAck swallows a throwing callback and ignores a missing one', () => {
    expect(() => safeAck(undefined, { ok: true })).not.toThrow();
    const cb = vi.fn(() => {
      throw new Error('client gone');
    });
    expect(() => safeAck(cb, { ok: true })).not.toThrow();
    expect(cb).toHaveBeenCalledWith({ ok: true });
  });
});
