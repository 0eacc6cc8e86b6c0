export * from './migrate';
export * from './open-database';
export * from './transaction';
