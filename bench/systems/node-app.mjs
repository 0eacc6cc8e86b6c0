/**
 * Starts one Node.js process of the bench (a built Cartwheel app or a bench server) on a free
 * loopback port and waits until it answers.
 */
import { join } from 'node:path';
import { imageRuntime } from '../../scripts/image-runtime.mjs';
import { HOST, freePort, waitForHttp } from '../net.mjs';
import { startProcess } from '../processes.mjs';

const IMAGE = imageRuntime();

/**
 * @example
 * const catalog = await startNodeApp(ctx, { name: 'catalog-1', script: 'apps/catalog/dist/main.js',
 *   env: { DATA_DIR, LOG_LEVEL: 'warn' } });
 */
export async function startNodeApp(
  ctx,
  { name, script, env = {}, readyPath = '/readyz', nodeFlags = [] },
) {
  const port = await freePort();
  const handle = startProcess({
    name,
    command: process.execPath,
    // The fixtures module loads the seed catalog's .ts source; its warning would only be noise.
    args: [...nodeFlags, '--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', script],
    env: { HOST, PORT: String(port), DRAIN_MS: '0', ...env },
    logFile: join(ctx.tmpDir, `${name}.log`),
  });
  const url = `http://${HOST}:${port}`;
  await waitForHttp(`${url}${readyPath}`, { process: handle });
  return { name, url, port, pid: handle.pid, handle, stop: () => handle.stop() };
}

/**
 * One of Cartwheel's apps from its built bundle, with the Node flags and allocator settings of
 * its container image, so that it runs here as it runs in production; `nodeFlags` come after the
 * image's, for an experiment.
 * @example
 * const cart = await startCartwheelApp(ctx, { name: 'cart-1', app: 'cart', env: { DATA_DIR } });
 */
export function startCartwheelApp(
  ctx,
  { name, app, env = {}, readyPath, script = `apps/${app}/dist/main.js`, nodeFlags = [] },
) {
  return startNodeApp(ctx, {
    name,
    script,
    nodeFlags: [...IMAGE.nodeFlags, ...nodeFlags],
    env: { ...IMAGE.env, ...env },
    readyPath,
  });
}
