import { describe, expect, it } from 'vitest';
import { laneRowHeights, maxLanes, MIN_LANE_PX } from './lane-heights';

describe('laneRowHeights', () => {
  it('grows only rows whose lanes would be thinner than the minimum', () => {
    const lanes = new Map([['a', 1], ['b', 2], ['c', 3]]);
    const h = laneRowHeights(['a', 'b', 'c'], (id) => lanes.get(id) ?? 1, 36, 3);
    expect(h.has('a')).toBe(false);
    expect(h.get('b')).toBe(2 * (MIN_LANE_PX + 1) + 6);
    expect(h.get('c')).toBe(3 * (MIN_LANE_PX + 1) + 6);
    // Every lane keeps at least the minimum, after the timeline's 1 px gap under each lane.
    for (const [id, height] of h) expect((height - 6) / lanes.get(id)! - 1).toBeGreaterThanOrEqual(MIN_LANE_PX);
  });
  it('maxLanes reads the widest cluster', () => {
    expect(maxLanes([])).toBe(1);
    expect(maxLanes([{ lanes: 1 }, { lanes: 3 }, { lanes: 2 }])).toBe(3);
  });
});
