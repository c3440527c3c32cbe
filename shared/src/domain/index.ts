export * from './windows';
export * from './tour-layout';
export * from './presence-colors';
export * from './user-agent';
export * from './snapshot-codec';
export * from './asset-rows';
