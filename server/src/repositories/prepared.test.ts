import { describe, expect, it } from 'vitest';
import { executing, numberPlaceholders, prepareAllSql, preparedSql } from './prepared';

describe('numberPlaceholders', () => {
  it('numbers each ? in order', () => {
    expect(numberPlaceholders('select ? + ?::int from t where a = any(?::uuid[])')).toBe('select $1 + $2::int from t where a = any($3::uuid[])');
  });

  it('leaves ? inside string literals, quoted identifiers and comments alone', () => {
    const sql = `select 'what?', "odd?name", ? -- why?\n, 'it''s ?', ?`;
    expect(numberPlaceholders(sql)).toBe(`select 'what?', "odd?name", $1 -- why?\n, 'it''s ?', $2`);
  });

  it('refuses an escaped jsonb ? operator and an unterminated literal', () => {
    expect(() => numberPlaceholders('select data \\? ? from t')).toThrow(/jsonb_exists/);
    expect(() => numberPlaceholders("select 'open")).toThrow(/unterminated/);
  });
});

describe('executing', () => {
  it('runs the named statement with one placeholder per parameter', () => {
    const p = preparedSql('find_it', 'select ? , ?');
    expect(executing(p, [1, 'a'])).toEqual({ sql: 'execute find_it(?, ?)', params: [1, 'a'] });
    expect(executing(preparedSql('none', 'select 1'), [])).toEqual({ sql: 'execute none', params: [] });
  });
});

describe('prepareAllSql', () => {
  it('prepares every statement in one message', () => {
    expect(prepareAllSql([preparedSql('a', 'select ?'), preparedSql('b', 'select ?, ?')])).toBe('prepare a as select $1;\nprepare b as select $1, $2');
  });

  it('refuses a name twice and a name that is not a plain identifier', () => {
    expect(() => prepareAllSql([preparedSql('a', 'select 1'), preparedSql('a', 'select 2')])).toThrow(/twice/);
    expect(() => preparedSql('drop table x; --', 'select 1')).toThrow(/lower-case/);
  });
});
