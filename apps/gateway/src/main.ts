import { Lifecycle, createLogger, runMain, runService } from '@cartwheel/service-kit';
import { createAxiosTransport } from '@cartwheel/upstream';
import { createApp } from './app';
import { readConfig, readGatewayFile, resolveServices } from './config';

runMain(async () => {
  const config = readConfig();
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const transport = createAxiosTransport({ connectTimeoutMs: config.UPSTREAM_CONNECT_TIMEOUT_MS });
  const lifecycle = new Lifecycle();
  const gateway = createApp({
    settings: {
      services: config.services,
      requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
      branchTimeoutMs: config.BRANCH_TIMEOUT_MS,
      cache: {
        ttlMs: config.CACHE_TTL_MS,
        staleIfErrorMs: config.CACHE_STALE_IF_ERROR_MS,
        maxEntries: config.CACHE_MAX_ENTRIES,
      },
    },
    transport,
    logger,
    lifecycle,
  });

  // SIGHUP re-reads GATEWAY_CONFIG; a file that does not validate (or builds no pools) is
  // logged and the running configuration stays.
  const configFile = config.GATEWAY_CONFIG;
  process.on('SIGHUP', () => {
    if (configFile === undefined) {
      logger.warn('SIGHUP ignored: GATEWAY_CONFIG is not set');
      return;
    }
    try {
      gateway.upstreams.replace(resolveServices(config, readGatewayFile(configFile)));
      logger.info({ file: configFile }, 'configuration reloaded');
    } catch (error) {
      logger.error(
        { err: error, file: configFile },
        'configuration reload refused; keeping the running one',
      );
    }
  });

  await runService({
    config,
    logger,
    lifecycle,
    handler: gateway.app,
    close: async () => {
      gateway.close();
      await transport.close();
    },
  });
});
