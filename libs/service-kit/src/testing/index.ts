export * from './spawn-service';
export * from './start-app';
export * from './temp-dir';
