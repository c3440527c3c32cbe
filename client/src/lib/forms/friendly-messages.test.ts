import { describe, expect, it } from 'vitest';
import { createTaskBody, toFieldIssues } from '@schedhuler/shared';
import { focusTarget, friendlyMessage } from './friendly-messages';
import { JobForm } from './job-form.svelte';

const ZONE = 'Europe/Berlin';
const NOW = Date.parse('2026-12-01T07:00:00Z');

describe('friendly messages', () => {
  it('turns the shared schema’s wording into words for people, per field', () => {
    const parsed = createTaskBody.safeParse({ name: '', assetId: '', cron: '0 8 * * *', timezone: ZONE, validFrom: 'soon', planDurationMin: 1.5 });
    expect(parsed.success).toBe(false);
    const raw = Object.fromEntries(toFieldIssues(parsed.error!.issues).map((i) => [i.path, i.message]));
    // What the API says (kept for API clients)…
    expect(raw.validFrom).toMatch(/^must be an ISO-8601 date-time with an offset/);
    // …and what the form shows.
    expect(friendlyMessage('validFrom', raw.validFrom!)).toBe('Enter a date and time');
    expect(friendlyMessage('name', raw.name!)).toBe('Enter a name');
    expect(friendlyMessage('assetId', raw.assetId!)).toBe('Choose who or what does it');
    expect(friendlyMessage('planDurationMin', raw.planDurationMin!)).toBe('Enter a whole number');
    expect(friendlyMessage('validTo', 'must be after validFrom')).toBe('Must be after “Valid from”');
    expect(friendlyMessage('checkpoints.0.gapMin', 'must be at least 0')).toBe('Enter 0 or more');
  });

  it('leaves plain messages alone: the cron engine’s, the zone’s and the server’s rules', () => {
    for (const m of ['cron has 4 fields, expected 5', '"Mars/Base" is not a known IANA time zone', 'Van 1 is booked']) expect(friendlyMessage('cron', m)).toBe(m);
  });

  it('is what the job form shows, for its own checks and for the server’s field issues', () => {
    const f = new JobForm({ zone: ZONE, now: NOW });
    f.validFrom = '';
    expect(f.issues.validFrom).toBe('Enter a date and time');
    expect(f.issues.name).toBe('Enter a name');
    expect(Object.values(f.issues).filter((m) => /ISO-8601|must be/.test(m))).toEqual([]);
  });
});

describe('which field gets the focus after a refused save', () => {
  it('the first in the form’s order, and says when it sits in the collapsed section', () => {
    expect(focusTarget({ validFrom: 'x', name: 'y' })).toEqual({ path: 'name', inCollapsed: false });
    expect(focusTarget({ validFrom: 'x' })).toEqual({ path: 'validFrom', inCollapsed: true });
    expect(focusTarget({ timezone: 'x', 'checkpoints.1.gapMin': 'y' })).toEqual({ path: 'checkpoints.1.gapMin', inCollapsed: false });
    expect(focusTarget({ graceAfterMin: 'x' })).toEqual({ path: 'graceAfterMin', inCollapsed: true });
    expect(focusTarget({})).toBeNull();
  });
});
