/** Column `st` of the compact snapshot: the occurrence status as an index into this list (schemas/compact-snapshot.ts re-exports it; the decoder needs it without zod). */
export const COMPACT_STATUSES = ['scheduled', 'conflicted', 'cancelled'] as const;
