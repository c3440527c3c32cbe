import { afterEach, describe, expect, it, vi } from 'vitest';
import { BoardCommands, NOTICE_MS } from './board-commands.svelte';
import type { CommandActions } from './board-commands.svelte';
import type { PasteTarget } from './clipboard';
import type { BoardStore } from './board-store.svelte';

type Block = { assetId: string; start: number; name: string; occ: { jobId: string } };

function setup(over: Partial<CommandActions> = {}) {
  const blocks = new Map<string, Block>([['o1', { assetId: 'a1', start: 1000, name: 'Fuel run', occ: { jobId: 'j1' } }]]);
  const log: string[] = [];
  const actions: CommandActions = {
    cancel: async (ids) => `${ids.length} occurrences cancelled`,
    restore: async (id) => `Restored ${id}`,
    duplicate: async (id) => `Duplicated ${id}`,
    copy: (ids, mode) => `${mode} ${ids.join(',')}`,
    paste: async (t: PasteTarget) => `Pasted at ${t.assetId}`,
    futureRuns: async () => 3,
    deleteJob: async (jobId) => `Deleted ${jobId}`,
    lastCancelled: null,
    ...over,
  };
  let refreshes = 0;
  const commands = new BoardCommands({
    store: { blocksById: blocks } as unknown as Pick<BoardStore, 'blocksById'>,
    actions,
    history: { apply: async (dir) => ({ ok: true, text: `did ${dir}` }), refreshSoon: () => void refreshes++ },
    announce: (t) => void log.push(t),
    focusBlock: (id) => void log.push(`focus ${id}`),
  });
  return { commands, log, refreshes: () => refreshes };
}

afterEach(() => vi.useRealTimers());

describe('BoardCommands', () => {
  it('shows each result, reads it out, refreshes Undo/Redo and clears the notice after a while', async () => {
    vi.useFakeTimers();
    const t = setup();
    await t.commands.duplicate('o1');
    expect(t.commands.notice).toBe('Duplicated o1');
    expect(t.log).toEqual(['Duplicated o1']);
    expect(t.refreshes()).toBe(1);
    vi.advanceTimersByTime(NOTICE_MS - 1);
    t.commands.copy(['o1'], 'cut');
    vi.advanceTimersByTime(NOTICE_MS - 1); // a new result restarts the clock
    expect(t.commands.notice).toBe('cut o1');
    vi.advanceTimersByTime(1);
    expect(t.commands.notice).toBeNull();
  });

  it('a cancel of several runs tells how to bring them back; a paste needs a place', async () => {
    const t = setup();
    await t.commands.cancel(['o1', 'o2']);
    expect(t.commands.notice).toBe('2 occurrences cancelled. Ctrl+Z brings them back.');
    await t.commands.paste(null);
    expect(t.commands.notice).toBe('Point at a row or focus a block to paste there');
    await t.commands.paste(t.commands.blockTarget('o1'));
    expect(t.commands.notice).toBe('Pasted at a1');
    expect(t.commands.blockTarget('gone')).toBeNull();
    t.commands.dispose();
  });

  it('deleting a job asks first with its run count; no gives the focus back, yes deletes', async () => {
    const t = setup();
    await t.commands.askDeleteJob('o1');
    expect(t.commands.confirm).toEqual({ jobId: 'j1', name: 'Fuel run', runs: 3, blockId: 'o1' });
    await t.commands.answerDelete(t.commands.confirm!, false);
    expect(t.commands.confirm).toBeNull();
    expect(t.log).toEqual(['focus o1']);
    await t.commands.askDeleteJob('o1');
    await t.commands.answerDelete(t.commands.confirm!, true);
    expect(t.commands.notice).toBe('Deleted j1');
    t.commands.dispose();
  });

  it('a failed run count is said instead of asking; restore and undo/redo report their answers', async () => {
    const t = setup({
      futureRuns: async () => {
        throw new Error('offline');
      },
      lastCancelled: { id: 'o9', name: 'Night patrol' },
    });
    await t.commands.askDeleteJob('o1');
    expect(t.commands.confirm).toBeNull();
    expect(t.commands.notice).toBe('Could not count the runs of this job; try again');
    await t.commands.restoreLast();
    expect(t.commands.notice).toBe('Restored o9');
    await t.commands.undoRedo('redo');
    expect(t.commands.notice).toBe('did redo');
    t.commands.dispose();
  });
});
