import { SqliteCatalogRepository } from '@cartwheel/catalog';
import { Lifecycle, createLogger, runMain, runService } from '@cartwheel/service-kit';
import { createApp } from './app';
import { readConfig } from './config';

runMain(async () => {
  const config = readConfig();
  const logger = createLogger('catalog', config.LOG_LEVEL);
  const repository = SqliteCatalogRepository.open(config.DATA_DIR);
  const lifecycle = new Lifecycle();
  const { app } = createApp({
    repository,
    logger,
    lifecycle,
    adminToken: config.CATALOG_ADMIN_TOKEN,
  });
  await runService({
    config,
    logger,
    lifecycle,
    handler: app,
    close: () => repository.close(),
  });
});
