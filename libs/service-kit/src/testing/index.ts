export * from './spawn-service';
export * from './start-app';
export * from './temp-dir';
export * from './drain-load';
export * from './loopback-client';
export * from './fault-proxy';
export * from './run-to-exit';
export * from './free-ports';
