import { describe, expect, it } from 'vitest';
import { BoardMenu, boardMenuItems } from './board-menu.svelte';
import type { BoardMenuDeps } from './board-menu.svelte';
import type { BoardCommands } from './board-commands.svelte';

const facts = { blockId: 'o1', count: 1, hasTarget: true, clipItems: null, lastCancelledName: null };
const ids = (f: Parameters<typeof boardMenuItems>[0]) => boardMenuItems(f).map((i) => i.id);

describe('boardMenuItems', () => {
  it('one block: edit, cancel, duplicate, copy, cut, delete the job', () => {
    expect(ids(facts)).toEqual(['edit', 'cancel', 'duplicate', 'copy', 'cut', 'delete-job']);
    expect(boardMenuItems(facts).find((i) => i.id === 'delete-job')).toMatchObject({ danger: true, keys: 'Shift+Delete' });
  });
  it('a selection: only what applies to all of them, counted', () => {
    const items = boardMenuItems({ ...facts, count: 3 });
    expect(items.map((i) => i.label)).toEqual(['Cancel 3 runs', 'Copy 3 occurrences', 'Cut 3 occurrences']);
  });
  it('an empty place: paste (when something was copied) and restore', () => {
    expect(ids({ ...facts, blockId: null, count: 0 })).toEqual([]);
    const items = boardMenuItems({ blockId: null, count: 0, hasTarget: true, clipItems: 2, lastCancelledName: 'Fuel run' });
    expect(items.map((i) => i.label)).toEqual(['Paste 2 here', 'Restore Fuel run']);
    expect(ids({ blockId: null, count: 0, hasTarget: false, clipItems: 1, lastCancelledName: null })).toEqual([]);
    expect(boardMenuItems({ ...facts, clipItems: 1 }).find((i) => i.id === 'paste')?.label).toBe('Paste here');
  });
});

describe('BoardMenu', () => {
  function setup(selection: string[]) {
    const log: string[] = [];
    const blocks = new Map([['o1', { name: 'Fuel run', occ: { jobId: 'j1' } }]]);
    const commands = {
      cancel: async (ids: string[]) => void log.push(`cancel ${ids.join(',')}`),
      duplicate: async (id: string) => void log.push(`duplicate ${id}`),
      copy: (ids: string[], mode: string) => void log.push(`${mode} ${ids.join(',')}`),
      paste: async (t: unknown) => void log.push(`paste ${JSON.stringify(t)}`),
      restoreLast: async () => void log.push('restore'),
      askDeleteJob: async (id: string) => void log.push(`ask ${id}`),
    } as unknown as BoardCommands;
    const menu = new BoardMenu({
      store: { blocksById: blocks } as unknown as BoardMenuDeps['store'],
      actions: { clip: null, lastCancelled: null },
      commands,
      targetsOf: (id) => (selection.includes(id) ? selection : [id]),
      openJob: (jobId) => void log.push(`open ${jobId}`),
      focusBlock: (id) => void log.push(`focus ${id}`),
    });
    return { menu, log };
  }

  it('names the block or the selection, and a pick acts on it after closing (focus back first)', () => {
    const t = setup(['o1', 'o2']);
    t.menu.open({ x: 1, y: 2, blockId: 'o1', target: null });
    expect(t.menu.label).toBe('Actions for 2 occurrences');
    expect(t.menu.items.map((i) => i.id)).toEqual(['cancel', 'copy', 'cut']);
    t.menu.pick('cut');
    expect(t.menu.place).toBeNull();
    expect(t.log).toEqual(['focus o1', 'cut o1,o2']);
  });

  it('one block: Edit opens its job; an empty place is "Board actions" and pastes at its target', () => {
    const t = setup([]);
    t.menu.open({ x: 1, y: 2, blockId: 'o1', target: null });
    expect(t.menu.label).toBe('Actions for Fuel run');
    t.menu.pick('edit');
    t.menu.open({ x: 1, y: 2, blockId: null, target: { assetId: 'a1', at: 5 } });
    expect(t.menu.label).toBe('Board actions');
    t.menu.pick('paste');
    t.menu.close(); // closing a closed menu does nothing
    expect(t.log).toEqual(['focus o1', 'open j1', 'paste {"assetId":"a1","at":5}']);
  });
});
