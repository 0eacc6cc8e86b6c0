export * from './ids';
export * from './money';
export * from './problem';
export * from './product';
export * from './cart';
export * from './gateway';
