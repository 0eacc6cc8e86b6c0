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
    logger,
    lifecycle,
    handler: app,
    listen: {
      port: config.PORT,
      host: config.HOST,
      keepAliveTimeoutMs: config.KEEP_ALIVE_TIMEOUT_MS,
    },
    drain: { drainMs: config.DRAIN_MS, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS },
    close: () => repository.close(),
  });
});
