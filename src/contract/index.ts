export * from './actions';
export * from './common';
export * from './tenants';
export * from './audit';
export * from './endpoints';
