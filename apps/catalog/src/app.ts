import { catalogRoutes, type CatalogRepository } from '@cartwheel/catalog';
import {
  createServiceApp,
  type Lifecycle,
  type Logger,
  type ServiceApp,
} from '@cartwheel/service-kit';

export interface CatalogAppDeps {
  readonly repository: CatalogRepository;
  readonly logger: Logger;
  readonly lifecycle: Lifecycle;
  readonly adminToken: string | undefined;
}

export function createApp(deps: CatalogAppDeps): ServiceApp {
  return createServiceApp({
    name: 'catalog',
    logger: deps.logger,
    lifecycle: deps.lifecycle,
    mount: (app) => catalogRoutes(app, deps),
  });
}
