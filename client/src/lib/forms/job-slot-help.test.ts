import { describe, expect, it } from 'vitest';
import { JobForm } from './job-form.svelte';
import { JobSlotHelp } from './job-slot-help.svelte';

const ZONE = 'UTC';
const T = (hm: string) => Date.parse(`2026-12-01T${hm}:00Z`);
const blocks = [
  { assetId: 'v1', start: T('08:00'), end: T('09:00'), name: 'Fuel run', occ: { jobId: 'j1' } },
  { assetId: 'v1', start: T('09:00'), end: T('09:30'), name: 'Wash', occ: { jobId: 'j2' } },
];

function setup(marks: Map<number, unknown[]> | null = null) {
  const form = new JobForm({ zone: ZONE, now: T('06:00') });
  form.assetId = 'v1';
  form.planDurationMin = 60;
  const help = new JobSlotHelp({ form, blocks: () => blocks, zone: () => ZONE, marks: () => marks });
  return { form, help };
}

describe('JobSlotHelp', () => {
  it('a one-off on a busy time lists the clashes and offers the next free slot of its length', () => {
    const { form, help } = setup();
    form.recurring = false;
    form.startsAt = '2026-12-01T08:30';
    expect(help.oneOffConflicts.map((b) => b.name)).toEqual(['Fuel run', 'Wash']);
    expect(help.suggestion).toEqual({ kind: 'startsAt', start: T('09:30'), end: T('10:30') });
    form.startsAt = '2026-12-01T10:00';
    expect(help.oneOffConflicts).toEqual([]);
    expect(help.suggestion).toBeNull();
  });

  it('a schedule gets a new time only once the server has marked one of its runs', () => {
    const { form, help } = setup();
    form.recurring = true;
    form.cron = '0 8 * * *';
    expect(help.oneOffStart).toBeNull();
    expect(help.suggestion).toBeNull(); // no marks yet
    const run = form.preview?.ok ? form.preview.dates[0]!.epochMs : NaN;
    const marked = setup(new Map([[run, [{}]]]));
    marked.form.recurring = true;
    marked.form.cron = '0 8 * * *';
    expect(marked.help.suggestion).toMatchObject({ kind: 'cron', cron: '30 9 * * *' });
  });
});
