import { SqliteCartRepository } from '@cartwheel/cart';
import { Lifecycle, createLogger, runMain, runService } from '@cartwheel/service-kit';
import { createApp } from './app';
import { readConfig } from './config';

runMain(async () => {
  const config = readConfig();
  const logger = createLogger('cart', config.LOG_LEVEL);
  const repository = SqliteCartRepository.open(config.DATA_DIR);
  const lifecycle = new Lifecycle();
  const { app } = createApp({ repository, logger, lifecycle });
  await runService({
    config,
    logger,
    lifecycle,
    handler: app,
    close: () => repository.close(),
  });
});
