import { pino } from 'pino';

export const logger = pino({
  level: process.env.LOG_LEVEL || (process.env.VITEST ? 'silent' : 'info'),
  base: { node: process.env.NODE_ID || undefined },
});
export type Logger = typeof logger;
