export * from './schemas/index';
export * from './realtime/index';
