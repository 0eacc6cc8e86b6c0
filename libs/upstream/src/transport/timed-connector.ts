import type { Socket } from 'node:net';
import { buildConnector, errors } from 'undici';

/**
 * undici's connector with a connect timeout that fires when it is due. undici's own runs on its
 * coarse timers, which tick every 499 ms: a 500 ms timeout measured 1,004 ms here, as late as the
 * breaker's default attempt timeout, so a blackholed instance still cost every request sent to
 * it a whole attempt. Its own timeout stays set, at twice this one, in case a later undici stops
 * handing back the socket this one destroys.
 */
export function timedConnector(
  timeoutMs: number,
  options: buildConnector.BuildOptions,
): buildConnector.connector {
  const connect = buildConnector({ ...options, timeout: 2 * timeoutMs });
  return (target, callback) => {
    let settled = false;
    let socket: Socket | undefined;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      socket?.destroy();
      callback(new errors.ConnectTimeoutError(`connect timeout after ${timeoutMs} ms`), null);
    }, timeoutMs);
    try {
      // The built connector returns the socket it opened, though its type says void.
      socket = connect(target, (...args) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        callback(...args);
      }) as unknown as Socket | undefined;
    } catch (error) {
      clearTimeout(timer);
      throw error;
    }
  };
}
