export * from '../constructs/key';
export * from '../constructs/bucket';
export * from '../constructs/log-bucket';
export * from '../constructs/retention';
export * from './compliance';
export * from './stacks';
export * from '../constructs/log-group';
export * from '../constructs/vpc';
