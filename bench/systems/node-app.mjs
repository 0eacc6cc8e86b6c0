/**
 * Starts one Node.js process of the bench (a built Cartwheel app or a bench server) on a free
 * loopback port and waits until it answers. Cartwheel's apps pass the flags and allocator env of
 * `imageRuntime()`, so that they run as their container image runs them.
 */
import { join } from 'node:path';
import { HOST, freePort, waitForHttp } from '../net.mjs';
import { startProcess } from '../processes.mjs';

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
