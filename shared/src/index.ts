export * from './schemas/index';
export * from './realtime/index';
export * from './cron/index';
export * from './domain/index';
export * from './socket';
