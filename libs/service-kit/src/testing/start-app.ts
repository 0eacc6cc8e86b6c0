import type { RequestListener } from 'node:http';
import { listen, serverUrl } from '../graceful-server';

export interface StartedApp {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves an app on 127.0.0.1 and a free port, as a test's real HTTP server. */
export async function startApp(handler: RequestListener): Promise<StartedApp> {
  const server = await listen(handler, { port: 0, host: '127.0.0.1', keepAliveTimeoutMs: 5_000 });
  return {
    url: serverUrl(server),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
