import { createServer, type AddressInfo } from 'node:net';

/**
 * Free loopback ports picked up front, so a killed process can be restarted on the same one, or
 * a gateway started before its upstreams. All listeners are open at once, so the ports differ;
 * Linux hands out port-0 ports from a wide range at a random offset, so another process taking
 * one in the moment before it is used again is unlikely.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
        }),
    ),
  );
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

/** A loopback URL that refuses connections: its port was bound, then closed. */
export async function refusingUrl(): Promise<string> {
  const [port] = await freePorts(1);
  return `http://127.0.0.1:${String(port)}`;
}
