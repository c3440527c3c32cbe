import { describe, expect, it } from 'vitest';
import { Announcer, BlockFocus, FeedVisibility } from './page-panels.svelte';

describe('Announcer', () => {
  it('changes the text even when the same sentence is said twice, so screen readers read it again', () => {
    const a = new Announcer();
    a.say('Fuel run moved');
    expect(a.text).toBe('Fuel run moved');
    a.say('Fuel run moved');
    expect(a.text).toBe('Fuel run moved ');
    a.say('Fuel run moved');
    expect(a.text).toBe('Fuel run moved');
    a.say('Saved');
    expect(a.text).toBe('Saved');
  });
});

describe('FeedVisibility', () => {
  it('opens beside the board on a wide screen and stays closed on a tablet', () => {
    expect(new FeedVisibility(false).open).toBe(true);
    expect(new FeedVisibility(true).open).toBe(false);
  });

  it('a window that narrows closes the drawer; widening brings back what the side panel was', () => {
    const f = new FeedVisibility(false);
    f.follow(true);
    expect(f.open).toBe(false);
    f.toggle(); // opened as a drawer
    f.follow(true); // no change of width: nothing happens
    expect(f.open).toBe(true);
    f.follow(false);
    expect(f.open).toBe(true);
    f.close();
    f.follow(true);
    f.follow(false);
    expect(f.open).toBe(false);
  });

  it('a tablet widened to a desktop shows the side panel', () => {
    const f = new FeedVisibility(true);
    f.follow(false);
    expect(f.open).toBe(true);
  });
});

describe('BlockFocus', () => {
  it('is on while the focus is in a block, including a button inside it, and off when it leaves the blocks', () => {
    document.body.innerHTML = '<div data-occurrence-id="o1"><span id="grip" tabindex="0"></span></div><button id="other">x</button>';
    const grip = document.getElementById('grip')!;
    const other = document.getElementById('other')!;
    const f = new BlockFocus();
    expect(f.focused).toBe(false);
    grip.addEventListener('focusin', (e) => f.track(e));
    grip.addEventListener('focusout', (e) => f.track(e));
    grip.focus();
    expect(f.focused).toBe(true);
    other.focus();
    expect(f.focused).toBe(false);
  });
});
