export * from './windows';
export * from './tour-layout';
