import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { buttonLabel, doneText, nextRedo, nextUndo, refusalText } from './undo-text';

const e = (changeId: string, summary: string, undone: boolean) => ({ changeId, summary, at: '2027-03-25T10:00:00.000Z', undone });

describe('which change undo and redo apply', () => {
  it('undo takes the newest entry not undone, redo the oldest of the undone ones on top', () => {
    const entries = [e('c3', 'Move of C', true), e('c2', 'Cancel of B', true), e('c1', 'Creation of A', false)];
    expect(nextUndo(entries)?.changeId).toBe('c1');
    expect(nextRedo(entries)?.changeId).toBe('c2');
    expect(nextRedo([e('c4', 'Move of D', false), ...entries])).toBeNull(); // a newer change cleared the redo list
    expect(nextUndo([])).toBeNull();
    expect(nextRedo([])).toBeNull();
  });
});

describe('words', () => {
  it('names what the buttons will do and what was done', () => {
    expect(buttonLabel('undo', e('c', 'Move of Retail route', false))).toBe('Undo: move of Retail route');
    expect(buttonLabel('redo', e('c', '3 occurrences moved', true))).toBe('Redo: 3 occurrences moved');
    expect(buttonLabel('undo', null)).toBe('Nothing to undo');
    expect(doneText('undo', 'Move of Retail route')).toBe('Undone: move of Retail route');
    expect(doneText('redo', 'Cancel of Night round')).toBe('Redone: cancel of Night round');
  });

  it('a refused undo names who changed what (409 undo_conflict)', () => {
    const err = new ApiError({
      status: 409,
      code: 'undo_conflict',
      message: 'Ben moved Retail route since; undo skipped, nothing was changed',
      details: [{ kind: 'occurrence', id: 'o', name: 'Retail route', changedBy: { id: 'u', displayName: 'Ben' }, at: '…', changeId: 'c', action: 'moved' }, { kind: 'occurrence', id: 'p', name: 'Other', changedBy: null, action: 'cancelled' }],
    });
    expect(refusalText('undo', err)).toBe('Ben moved Retail route since (and 1 more) — undo skipped');
    expect(refusalText('redo', new ApiError({ status: 409, code: 'undo_conflict', message: 'the job has another run at that time now; nothing was redone', details: [] }))).toBe(
      'the job has another run at that time now — redo skipped',
    );
  });

  it('a refused undo that would double-book says where and by what, with free assets from the hints', () => {
    const err = new ApiError({
      status: 409,
      code: 'conflict',
      message: 'conflict',
      body: { conflicts: [{ startsAt: 'x', endsAt: 'y', blocking: { occurrenceId: 'o', jobId: 'j', jobName: 'Night round', assetId: 'van2', startsAt: 'x', endsAt: 'y' } }], hints: { nextFree: [], freeAssets: [{ id: 'v3', code: 'VAN-3', name: 'Van 3' }] } },
    });
    expect(refusalText('undo', err, (id) => (id === 'van2' ? 'Van 2' : undefined))).toBe('Van 2 is booked by Night round now — undo would double-book it, nothing was changed. Free then: Van 3');
    expect(refusalText('undo', new ApiError({ status: 404, code: 'nothing_to_undo', message: 'x' }))).toBe('Nothing to undo');
    expect(refusalText('undo', new Error('boom'))).toBe('Could not undo. Try again.');
  });
});
