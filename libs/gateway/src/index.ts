export * from './cache/response-cache';
