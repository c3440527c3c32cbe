import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import type { AssetDto } from '@schedhuler/shared';
import { BoardFilter, filterAssets, jobMatches, normalise, type FilterBlock } from './board-filter.svelte';

const asset = (id: string, code: string, name: string, kind: AssetDto['kind'], status: AssetDto['status'] = 'working'): AssetDto => ({
  id,
  boardId: 'b',
  code,
  name,
  kind,
  status,
  version: 1,
});
const ASSETS = [
  asset('g1', 'G-01', 'Anna Müller (guard)', 'person'),
  asset('g2', 'G-02', 'Jonas Weber (guard)', 'person', 'standby'),
  asset('v1', 'VAN-1', 'Van 1 (VW Crafter)', 'vehicle'),
  asset('v2', 'VAN-2', 'Van 2 (Sprinter)', 'vehicle', 'maintenance'),
  asset('cp', 'CP-GATE', 'Main gate', 'checkpoint'),
];
const R = { start: 1000, end: 2000 };
const blk = (assetId: string, name: string, start = 1200, end = 1300, conflicted = false): FilterBlock => ({ assetId, name, start, end, conflicted });
const ids = (a: readonly AssetDto[]) => a.map((x) => x.id);
const none = { query: '', kinds: new Set<never>(), statuses: new Set<never>(), onlyConflicts: false, hideEmpty: false };

describe('filterAssets', () => {
  it('searches code and name, case- and accent-insensitively', () => {
    expect(ids(filterAssets(ASSETS, [], R, { ...none, query: ' van ' }))).toEqual(['v1', 'v2']);
    expect(ids(filterAssets(ASSETS, [], R, { ...none, query: 'g-0' }))).toEqual(['g1', 'g2']);
    expect(ids(filterAssets(ASSETS, [], R, { ...none, query: 'muller' }))).toEqual(['g1']);
  });
  it('keeps a row whose job in the range matches the search', () => {
    const blocks = [blk('g2', 'Van check'), blk('cp', 'Van wash', 3000, 3100)];
    expect(ids(filterAssets(ASSETS, blocks, R, { ...none, query: 'van' }))).toEqual(['g2', 'v1', 'v2']);
  });
  it('filters by kind and status (empty choice = all)', () => {
    expect(ids(filterAssets(ASSETS, [], R, { ...none, kinds: new Set(['vehicle', 'checkpoint']) }))).toEqual(['v1', 'v2', 'cp']);
    expect(ids(filterAssets(ASSETS, [], R, { ...none, statuses: new Set(['standby', 'maintenance']) }))).toEqual(['g2', 'v2']);
    expect(ids(filterAssets(ASSETS, [], R, { ...none, kinds: new Set(['vehicle']), statuses: new Set(['working']) }))).toEqual(['v1']);
  });
  it('only conflicts keeps rows with a conflicted block', () => {
    expect(ids(filterAssets(ASSETS, [blk('v1', 'x'), blk('g1', 'y', 5000, 6000, true)], R, { ...none, onlyConflicts: true }))).toEqual(['g1']);
  });
  it('hide empty rows drops rows with nothing in the range; a tour visit counts', () => {
    const blocks = [blk('v1', 'x'), blk('g1', 'before', 0, 1000), blk('g2', 'edge', 1999, 2500)];
    expect(ids(filterAssets(ASSETS, blocks, R, { ...none, hideEmpty: true }, new Set(['cp'])))).toEqual(['g2', 'v1', 'cp']);
  });
});

describe('jobMatches / normalise', () => {
  it('never matches an empty search', () => {
    expect(jobMatches('Van check', '  ')).toBe(false);
    expect(jobMatches('Van check', 'CHECK')).toBe(true);
    expect(normalise('Ärger ')).toBe('arger');
  });
});

describe('BoardFilter', () => {
  it('returns the assets untouched while nothing is on, and filters once something is', () => {
    const f = new BoardFilter();
    expect(f.rows(ASSETS, [], R)).toBe(ASSETS);
    expect(f.active).toBe(false);
    f.query = 'van';
    flushSync();
    expect(f.searching).toBe(true);
    expect(ids(f.rows(ASSETS, [], R))).toEqual(['v1', 'v2']);
    expect(f.jobMatch('Van check')).toBe('match');
    expect(f.jobMatch('Night patrol')).toBe('miss');
  });
  it('counts active filters and clears them but not the search', () => {
    const f = new BoardFilter();
    expect(f.jobMatch('anything')).toBeNull();
    f.toggleKind('vehicle');
    f.toggleStatus('maintenance');
    f.onlyConflicts = true;
    f.hideEmpty = true;
    f.query = 'x';
    flushSync();
    expect(f.activeCount).toBe(4);
    expect(ids(f.rows(ASSETS, [blk('v2', 'a', 1200, 1300, true)], R))).toEqual([]);
    f.query = '';
    flushSync();
    expect(ids(f.rows(ASSETS, [blk('v2', 'a', 1200, 1300, true)], R))).toEqual(['v2']);
    f.toggleKind('vehicle');
    f.query = 'keep';
    f.clearFilters();
    flushSync();
    expect(f.activeCount).toBe(0);
    expect(f.query).toBe('keep');
  });
});
