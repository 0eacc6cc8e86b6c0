import { cartRoutes, type CartRepository } from '@cartwheel/cart';
import {
  createServiceApp,
  type Lifecycle,
  type Logger,
  type ServiceApp,
} from '@cartwheel/service-kit';

export interface CartAppDeps {
  readonly repository: CartRepository;
  readonly logger: Logger;
  readonly lifecycle: Lifecycle;
}

export function createApp(deps: CartAppDeps): ServiceApp {
  return createServiceApp({
    name: 'cart',
    logger: deps.logger,
    lifecycle: deps.lifecycle,
    mount: (app) => cartRoutes(app, deps),
  });
}
