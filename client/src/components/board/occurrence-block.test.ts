import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/svelte';
import type { AssetDto, JobKind } from '@schedhuler/shared';
import type { TimelineBlock } from '../../lib/board/board-store.svelte';
import { makeOcc } from '../../test-support/factories';
import OccurrenceBlock from './occurrence-block.svelte';

const ZONE = 'Europe/Berlin';
const START = Date.parse('2027-03-22T08:00:00Z'); // Monday 09:00 in Berlin
const END = START + 215 * 60_000; // 12:35
const van: AssetDto = { id: 'v1', boardId: 'board-1', code: 'VAN-1', name: 'Van 1 (VW Crafter)', kind: 'vehicle', status: 'working', version: 1 };
const noop = () => {};

function blockOf(kind: JobKind, over: Partial<TimelineBlock> = {}): TimelineBlock {
  const occ = makeOcc({ id: 'o1', jobId: 'j1', assetId: 'v1', startsAt: new Date(START).toISOString(), endsAt: new Date(END).toISOString() });
  return { id: 'o1', assetId: 'v1', start: START, end: END, occ, kind, name: 'Retail route', conflicted: false, pending: false, ...over };
}

function renderBlock(block: TimelineBlock, width = 300, height = 30): HTMLElement {
  const { container } = render(OccurrenceBlock, {
    props: {
      block,
      asset: van,
      assetsById: new Map([[van.id, van]]),
      zone: ZONE,
      left: 0,
      top: 0,
      width,
      height,
      start: block.start,
      end: block.end,
      pxPerMs: width / (block.end - block.start),
      selected: false,
      editing: false,
      highlighted: false,
      canEdit: true,
      onpointerdown: noop,
      onkeydown: noop,
      onfocus: noop,
      onblur: noop,
      ondblclick: noop,
    },
  });
  return container.querySelector<HTMLElement>('[data-occurrence-id]')!;
}

/** The text a sighted user reads off the block (what is not hidden from everyone), as one line. */
function visibleText(el: HTMLElement): string {
  const parts = [...el.children].filter((c) => c.getAttribute('aria-hidden') !== 'true').map((c) => c.textContent ?? '');
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

describe('occurrence block: the accessible name starts with the visible label (WCAG 2.5.3)', () => {
  it.each(['task', 'internal_tour', 'external_tour'] as const)('kind %s, showing its name and times', (kind) => {
    const el = renderBlock(blockOf(kind));
    expect(visibleText(el)).toBe('Retail route 09:00–12:35');
    expect(el.getAttribute('aria-label')!.startsWith('Retail route 09:00–12:35, ')).toBe(true);
  });

  it('names the kind and the asset after the visible text, then the states', () => {
    expect(renderBlock(blockOf('external_tour')).getAttribute('aria-label')).toBe('Retail route 09:00–12:35, External tour, VAN-1 Van 1 (VW Crafter)');
    const flagged = renderBlock(blockOf('task', { conflicted: true, pending: true }));
    // The "!" badge is hidden from assistive technology; the name says "conflicted" instead.
    expect(visibleText(flagged)).toBe('Retail route 09:00–12:35');
    expect(flagged.getAttribute('aria-label')).toBe('Retail route 09:00–12:35, Task, VAN-1 Van 1 (VW Crafter), conflicted, saving');
  });

  it('a block too small for its times still starts its name with the text it shows', () => {
    const el = renderBlock(blockOf('task'), 60, 30);
    expect(visibleText(el)).toBe('Retail route');
    expect(el.getAttribute('aria-label')!.startsWith('Retail route 09:00–12:35')).toBe(true);
  });
});
