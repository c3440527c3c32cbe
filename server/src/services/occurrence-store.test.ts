import { describe, expect, it } from 'vitest';
import { LayoutSlices } from './occurrence-store';

describe('LayoutSlices', () => {
  it('asks for a pause every 2,000 rows and laid-out stops, and not before', () => {
    const slices = new LayoutSlices();
    const due: number[] = [];
    for (let i = 1; i <= 5_000; i++) if (slices.count(0)) due.push(i);
    expect(due).toEqual([2_000, 4_000]);
    const tours = new LayoutSlices();
    expect(tours.count(1_436)).toBe(false);
    expect(tours.count(1_436)).toBe(true);
    expect(tours.count(0)).toBe(false);
    expect(tours.count(5_000)).toBe(true);
  });

  it('pauses by giving the event loop back: work queued before the pause runs first', async () => {
    const ran: string[] = [];
    setImmediate(() => ran.push('other request'));
    await new LayoutSlices().pause();
    ran.push('after pause');
    expect(ran).toEqual(['other request', 'after pause']);
  });
});
