import { describe, expect, it } from 'vitest';
import { tokenFromCookieHeader } from './session';

describe('tokenFromCookieHeader', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['sid=abc', 'abc'],
    ['theme=dark; sid=abc; lang=de', 'abc'],
    ['theme=dark;sid=abc', 'abc'],
    ['xsid=evil; sid=abc', 'abc'],
    ['sidx=evil', undefined],
    ['a=sid=evil', undefined],
    ['sid=', undefined],
    ['sid="quoted"', 'quoted'],
    ['sid=a%2Bb', 'a+b'],
    ['sid=%E0%A4%A', undefined],
    ['sid=first; sid=second', 'first'],
  ])('%j → %j', (header, token) => {
    expect(tokenFromCookieHeader(header)).toBe(token);
  });
});
