import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GenericContainer } from 'testcontainers';

export const APPS = ['catalog', 'cart', 'gateway'] as const;
export type App = (typeof APPS)[number];

export const WORKSPACE = resolve(__dirname, '../..');

/** What the suite tags its builds, e.g. `cartwheel/catalog:e2e`. */
export const imageName = (app: App): string => `cartwheel/${app}:e2e`;

/** Files of an app's bundle that docker/Dockerfile copies (docker/Dockerfile.dockerignore). */
const BUNDLE = ['main.js', 'main.js.map', 'main.js.LEGAL.txt'];

/**
 * The base image, as scripts/node-base-image.sh decides: NODE_IMAGE if set (CI exports it), else
 * the official slim image where Docker can pull it, else the one it makes from the host's Node.
 */
export function resolveNodeImage(): string {
  const out = execFileSync('scripts/node-base-image.sh', { cwd: WORKSPACE, encoding: 'utf8' });
  const image = /^export NODE_IMAGE=(\S+)$/m.exec(out)?.[1];
  if (image === undefined)
    throw new Error(`scripts/node-base-image.sh printed no NODE_IMAGE: ${out}`);
  return image;
}

/**
 * Builds one app's image from docker/Dockerfile with testcontainers. The context is staged: the
 * Dockerfile and that app's bundle at their repository paths, nothing else. Testcontainers would
 * otherwise upload the whole repository (node_modules included), since it honours only a
 * `.dockerignore` at the context's root, not docker/Dockerfile.dockerignore.
 */
export async function buildImage(app: App, nodeImage: string): Promise<void> {
  const context = await mkdtemp(join(tmpdir(), `cartwheel-${app}-context-`));
  try {
    await mkdir(join(context, 'docker'));
    await copyFile(join(WORKSPACE, 'docker/Dockerfile'), join(context, 'docker/Dockerfile'));
    await mkdir(join(context, 'apps', app, 'dist'), { recursive: true });
    for (const file of BUNDLE) {
      const path = join('apps', app, 'dist', file);
      await copyFile(join(WORKSPACE, path), join(context, path));
    }
    await GenericContainer.fromDockerfile(context, 'docker/Dockerfile')
      .withBuildArgs({ NODE_IMAGE: nodeImage, APP: app })
      .build(imageName(app), { deleteOnExit: false });
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}
