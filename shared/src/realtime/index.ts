export * from './seq-gap';
