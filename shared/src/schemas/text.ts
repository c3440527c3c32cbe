/**
 * The one string builder of the API: every string a body, query or socket payload carries goes
 * through `text()`, so none reaches PostgreSQL (or another client) in a form it cannot hold, and no
 * check costlier than a length test ever runs on an oversized string.
 */
import { z } from 'zod';

// PostgreSQL text cannot hold U+0000 at all: the insert fails.
export const NUL_MESSAGE = 'must not contain a NUL character';
export const LONE_SURROGATE_MESSAGE = 'must not contain broken Unicode (a lone UTF-16 surrogate)';

// JSON.parse turns "\ud800" into a lone surrogate: PostgreSQL's UTF-8 text cannot hold it (the
// driver silently writes U+FFFD, or the jsonb event log refuses it).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `s` cannot be stored as text (a message for people), or null when it can. */
export function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(s)) return LONE_SURROGATE_MESSAGE;
  return null;
}

export interface TextOptions {
  /** Longest accepted length, tested first; nothing else runs on a longer string. */
  max: number;
  /** Trim surrounding white space first (names, codes); passwords keep theirs. */
  trim?: boolean;
  /** The message when the value is present but not a string. */
  typeError?: string;
}

/**
 * A string that PostgreSQL can store: at most `max` characters, no NUL, no lone surrogate. Further
 * checks chained after it (`.min`, `.regex`, `.refine`) do not run once one of these failed.
 */
export function text({ max, trim = false, typeError = 'must be a string' }: TextOptions) {
  const base = z.string({ error: (iss) => (iss.input === undefined ? 'is required' : typeError) });
  return (trim ? base.trim() : base)
    .max(max, { error: `must be at most ${max} characters`, abort: true })
    .refine((s) => !s.includes('\u0000'), { error: NUL_MESSAGE, abort: true })
    .refine((s) => !LONE_SURROGATE.test(s), { error: LONE_SURROGATE_MESSAGE, abort: true });
}

interface RefinedPayload {
  value: unknown;
  issues: readonly { path?: readonly PropertyKey[]; code?: string }[];
}

/**
 * The `when` of a refinement across fields: it runs only when the object arrived as an object and
 * the fields it reads passed their own checks (every field when none are named), so a refinement
 * never sees a value that failed them — a `frequency` of 1e308 used to be walked 1e308 times.
 * Problems elsewhere in the body do not hold it back: a form still shows all its errors at once.
 */
export function whenValid(...fields: string[]) {
  return {
    when: (payload: RefinedPayload): boolean => {
      if (fields.length === 0) return payload.issues.length === 0;
      const v = payload.value;
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
      return payload.issues.every((i) => {
        const head = i.path?.[0];
        return head === undefined ? i.code === 'unrecognized_keys' : !fields.includes(String(head));
      });
    },
  };
}
