/**
 * Cron engine: validation with precise messages, expansion with the DST policy of docs/rules.md, English
 * descriptions and the schedule preview. Pure: no I/O, runs in Node and in the browser.
 */
export type { CronMode, CronRun, CronIssue, CronIssueCode, CronIssueField, DstMark, Result } from './types';
export { CRON_MODES } from './types';
export type { CompiledCron } from './cron-parser';
export { parseCron, isIntervalSchedule, MAX_CRON_LENGTH } from './cron-parser';
export { validateTimezone } from './timezone';
export { nextRuns, runsBetween, MAX_RUNS, DEFAULT_MAX_BETWEEN } from './expand';
export { describeCron } from './describe';
export type { PreviewInput, PreviewResult } from './preview';
export { previewSchedule, PREVIEW_DEFAULT_COUNT, PREVIEW_MAX_COUNT } from './preview';
export { clearZoneCache } from './zone-clock';
