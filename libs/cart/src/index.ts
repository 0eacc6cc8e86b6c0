export * from './cart-errors';
export * from './cart-routes';
export * from './store/cart-repository';
export * from './store/sqlite-cart-repository';
