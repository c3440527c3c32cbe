import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdleTask } from './idle-task';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('IdleTask', () => {
  it('runs once when the browser is idle, with the deadline given; scheduling again replaces the first', () => {
    const calls: { run: () => void; timeout: number | undefined }[] = [];
    const cancelled: number[] = [];
    vi.stubGlobal('requestIdleCallback', (run: () => void, o?: { timeout?: number }) => calls.push({ run, timeout: o?.timeout }));
    vi.stubGlobal('cancelIdleCallback', (h: number) => cancelled.push(h));
    const task = new IdleTask(1500);
    const ran: string[] = [];
    task.schedule(() => ran.push('first'));
    task.schedule(() => ran.push('second'));
    expect(cancelled).toEqual([1]);
    expect(calls.map((c) => c.timeout)).toEqual([1500, 1500]);
    expect(task.pending).toBe(true);
    calls[1]!.run();
    expect(ran).toEqual(['second']);
    expect(task.pending).toBe(false);
  });

  it('falls back to a timer, and cancel stops it', () => {
    vi.stubGlobal('requestIdleCallback', undefined);
    vi.useFakeTimers();
    const task = new IdleTask();
    const ran: number[] = [];
    task.schedule(() => ran.push(1));
    vi.advanceTimersByTime(200);
    expect(ran).toEqual([1]);
    task.schedule(() => ran.push(2));
    task.cancel();
    vi.advanceTimersByTime(1000);
    expect(ran).toEqual([1]);
    expect(task.pending).toBe(false);
  });
});
