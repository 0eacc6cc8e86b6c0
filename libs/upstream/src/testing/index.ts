/** Test helpers for specs only (imported as `@cartwheel/upstream/testing`), never by production code. */
export * from './deferred';
export * from './fake-candidate';
export * from './fault-server';
export * from './unaccepting-listener';
