import { getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';

/**
 * Engine calls that `StartedTestContainer` does not offer: its `stop()` also removes the
 * container, and its `restart()` leaves no time in between. The container keeps its name, network
 * alias and volumes, like `docker stop` / `docker start`.
 */

/**
 * `docker stop` with a grace time: SIGTERM, then SIGKILL after `graceMs`; 0 kills at once, like a
 * crash or an OOM kill.
 */
export async function stopContainer(
  container: StartedTestContainer,
  graceMs: number,
): Promise<void> {
  const client = await getContainerRuntimeClient();
  await client.container.stop(client.container.getById(container.getId()), { timeout: graceMs });
}

export async function startContainer(container: StartedTestContainer): Promise<void> {
  const client = await getContainerRuntimeClient();
  await client.container.start(client.container.getById(container.getId()));
}

/** What the engine says of the container now, as `docker inspect` does. */
async function inspect(container: StartedTestContainer) {
  const client = await getContainerRuntimeClient();
  return client.container.inspect(client.container.getById(container.getId()));
}

/** The exit status of a stopped container's main process. */
export async function exitCode(container: StartedTestContainer): Promise<number> {
  const info = await inspect(container);
  return info.State.ExitCode;
}

/**
 * The HEALTHCHECK the container got from its image, without the `CMD` marker, e.g.
 * `['node', '-e', '...']`. Read from the container: podman's Docker API omits it from images.
 */
export async function healthcheckCommand(container: StartedTestContainer): Promise<string[]> {
  const info = await inspect(container);
  const [kind, ...command] = info.Config.Healthcheck?.Test ?? [];
  if (kind !== 'CMD')
    throw new Error(`${container.getName()} has no exec-form HEALTHCHECK: ${kind}`);
  return command;
}

/**
 * The host port that publishes `port` now: a container started again gets a new one, which
 * `StartedTestContainer.getMappedPort` does not see.
 */
export async function publishedPort(
  container: StartedTestContainer,
  port: number,
): Promise<number> {
  const info = await inspect(container);
  const binding = info.NetworkSettings.Ports[`${port}/tcp`]?.[0];
  if (binding === undefined) throw new Error(`${container.getName()} publishes no port ${port}`);
  return Number(binding.HostPort);
}

/** Whether the container runs, and its address on each network, as the engine says now. */
export async function networkState(container: StartedTestContainer): Promise<string> {
  const info = await inspect(container);
  const addresses = Object.entries(info.NetworkSettings.Networks).map(
    ([name, network]) => `${name}: ${network.IPAddress}`,
  );
  return `running: ${String(info.State.Running)}, ${addresses.join(', ')}`;
}

/** The container's address on each of its networks, as the engine says now. */
export async function addresses(container: StartedTestContainer): Promise<string[]> {
  const info = await inspect(container);
  return Object.values(info.NetworkSettings.Networks).map((network) => network.IPAddress);
}

/**
 * How `name` resolves inside `from` now, e.g. `[{"address":"10.89.1.7","family":4}]` or an
 * `EAI_AGAIN` error: the engine's DNS as the gateway's resolver sees it.
 */
export async function lookupFrom(from: StartedTestContainer, name: string): Promise<string> {
  return execNode(
    from,
    `require('node:dns').lookup(${JSON.stringify(name)}, { all: true }, (e, a) => console.log(e ? String(e) : JSON.stringify(a)))`,
  );
}

/**
 * What `node -e <script>` prints inside the container (the images have no shell): e.g. how the
 * gateway resolves and reaches another service, as it sees the network.
 */
export async function execNode(container: StartedTestContainer, script: string): Promise<string> {
  const { output, exitCode: code } = await container.exec(['node', '-e', script]);
  return `exit ${code}: ${output.trim()}`;
}
