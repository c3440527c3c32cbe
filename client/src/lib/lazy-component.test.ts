import { describe, expect, it, vi } from 'vitest';
import { LazyComponent } from './lazy-component.svelte';

const Fake = () => null;

describe('LazyComponent', () => {
  it('loads its chunk once, however often it is asked for', async () => {
    const load = vi.fn(async () => ({ default: Fake }));
    const lazy = new LazyComponent(load);
    expect(lazy.current).toBeUndefined();
    await Promise.all([lazy.load(), lazy.load()]);
    await lazy.load();
    expect(lazy.current).toBe(Fake);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('keeps the error of a chunk that could not be fetched, and tries again when asked again', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('Failed to fetch dynamically imported module')).mockResolvedValueOnce({ default: Fake });
    const lazy = new LazyComponent<typeof Fake>(load);
    await lazy.load();
    expect(lazy.current).toBeUndefined();
    expect((lazy.error as Error).message).toContain('Failed to fetch');
    await lazy.load();
    expect(lazy.error).toBeUndefined();
    expect(lazy.current).toBe(Fake);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
