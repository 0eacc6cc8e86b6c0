import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

export interface UnacceptingListener {
  /** `http://127.0.0.1:<port>`: a port where a connect neither succeeds nor is refused. */
  readonly url: string;
  close(): Promise<void>;
}

/** A listener with an accept queue of one, in its own process: stopped, it accepts nothing. */
const LISTENER = `
const server = require('node:net').createServer(() => {});
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  process.stdout.write(String(server.address().port) + '\\n');
});`;

/** Connections opened to fill the stopped listener's queue; a few more than it can hold. */
const FILLERS = 4;

/** Whether a new connection to `port` completes within `ms`; one that does is closed again. */
function connectsWithin(port: number, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const settle = (connected: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(connected);
    };
    const timer = setTimeout(() => settle(false), ms);
    socket.once('connect', () => settle(true)).once('error', () => settle(false));
  });
}

/**
 * What a blackholed instance looks like from the gateway (a host gone from the network, a node
 * dropping packets): SYNs go unanswered and a connect hangs until the caller's own connect
 * timeout. Made on loopback from a process stopped with `SIGSTOP` whose accept queue is full:
 * Linux then drops new SYNs instead of refusing them. A Node.js server in this process cannot do
 * it, as libuv accepts every connection.
 */
export async function startUnacceptingListener(): Promise<UnacceptingListener> {
  const child = spawn(process.execPath, ['-e', LISTENER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  const port = Number(chunk.toString('utf8').trim());
  child.kill('SIGSTOP');
  const held: Socket[] = [];
  for (let i = 0; i < FILLERS; i += 1) {
    held.push(connect(port, '127.0.0.1').on('error', () => undefined));
  }
  const stillConnects = await connectsWithin(port, 300);
  const close = async () => {
    for (const socket of held) socket.destroy();
    // SIGKILL ends a stopped process too.
    child.kill('SIGKILL');
    await exited;
  };
  if (stillConnects) {
    await close();
    throw new Error(`a connect to the stopped listener on port ${port} still succeeded`);
  }
  return { url: `http://127.0.0.1:${port}`, close };
}
