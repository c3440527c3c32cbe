import { describe, expect, it } from 'vitest';
import { describeUserAgent, sanitizeUserAgent, USER_AGENT_MAX } from './user-agent';

describe('user agents', () => {
  it('names browser and system of common agents', () => {
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36')).toBe('Chrome 131 on Windows');
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0')).toBe('Edge 131 on Windows');
    expect(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe('Firefox 133 on Linux');
    expect(describeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toBe('Safari 17 on iOS');
    expect(describeUserAgent('Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36')).toBe('Chrome 131 on Android');
    expect(describeUserAgent('')).toBe('Unknown device');
    expect(describeUserAgent('something odd')).toBe('something odd');
  });

  it('stores no control characters, broken Unicode or an unbounded header', () => {
    expect(sanitizeUserAgent('a\u0000b\u001bc\ud800d\n')).toBe('abcd');
    expect(sanitizeUserAgent('x'.repeat(10_000))).toHaveLength(USER_AGENT_MAX);
    expect(sanitizeUserAgent(`${'x'.repeat(USER_AGENT_MAX - 1)}😀`)).toBe('x'.repeat(USER_AGENT_MAX - 1));
    expect(sanitizeUserAgent(undefined)).toBe('');
  });
});
