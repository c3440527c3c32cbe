export * from './windows';
export * from './tour-layout';
export * from './presence-colors';
