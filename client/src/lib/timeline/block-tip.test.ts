import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BlockTip, CLOSE_GRACE_MS, HOVER_DELAY_MS } from './block-tip.svelte';

function blockEl(): HTMLElement {
  const el = document.createElement('div');
  el.tabIndex = 0;
  document.body.append(el);
  return el;
}

describe('BlockTip: the one tooltip shared by every block', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('hover opens after the delay, not while a button is held; leaving closes after the grace period', () => {
    const tip = new BlockTip();
    const a = blockEl();
    tip.hoverIn(a, 'a', 1);
    vi.advanceTimersByTime(HOVER_DELAY_MS + 10);
    expect(tip.openId).toBeNull();
    tip.hoverIn(a, 'a', 0);
    vi.advanceTimersByTime(HOVER_DELAY_MS - 10);
    expect(tip.openId).toBeNull();
    vi.advanceTimersByTime(20);
    expect(tip.openId).toBe('a');
    expect(tip.anchor).not.toBeNull();
    tip.hoverOut();
    vi.advanceTimersByTime(CLOSE_GRACE_MS - 10);
    tip.keep(); // the pointer reached the tooltip
    vi.advanceTimersByTime(CLOSE_GRACE_MS);
    expect(tip.openId).toBe('a');
    tip.hoverOut();
    vi.advanceTimersByTime(CLOSE_GRACE_MS + 10);
    expect(tip.openId).toBeNull();
  });

  it('a sweep across blocks opens nothing; the last block opens only after resting on it', () => {
    const tip = new BlockTip();
    const els = [blockEl(), blockEl(), blockEl()];
    els.forEach((el, i) => {
      tip.hoverIn(el, `b${i}`, 0);
      vi.advanceTimersByTime(50);
      tip.hoverOut();
    });
    vi.advanceTimersByTime(HOVER_DELAY_MS * 2);
    expect(tip.openId).toBeNull();
  });

  it('focus opens at once; Escape anywhere closes; losing focus closes only its own tooltip', () => {
    const tip = new BlockTip();
    const a = blockEl();
    tip.open(a, 'a');
    expect(tip.openId).toBe('a');
    tip.closeFor('b');
    expect(tip.openId).toBe('a');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(tip.openId).toBeNull();
    tip.open(a, 'a');
    tip.closeFor('a');
    expect(tip.openId).toBeNull();
  });

  it('a scroll closes a hover tooltip and keeps a focused block\'s (moved along)', () => {
    const tip = new BlockTip();
    const a = blockEl();
    tip.open(a, 'a');
    window.dispatchEvent(new Event('scroll'));
    expect(tip.openId).toBeNull();
    a.focus();
    tip.open(a, 'a');
    window.dispatchEvent(new Event('scroll'));
    expect(tip.openId).toBe('a');
    tip.close();
  });
});
