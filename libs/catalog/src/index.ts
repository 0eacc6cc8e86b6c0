export * from './catalog-errors';
export * from './catalog-routes';
export * from './store/catalog-repository';
export * from './store/sqlite-catalog-repository';
