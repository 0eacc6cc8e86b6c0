import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { APPS, buildImage, resolveNodeImage, WORKSPACE } from './support/images';

/**
 * Builds the three images once for every spec. The bundles come from `nx run-many -t build`,
 * which `npm run test:containers` runs first.
 */
export default async function globalSetup(): Promise<void> {
  for (const app of APPS) {
    if (!existsSync(join(WORKSPACE, 'apps', app, 'dist/main.js')))
      throw new Error(`apps/${app}/dist/main.js is missing: run npx nx run-many -t build`);
  }
  const nodeImage = resolveNodeImage();
  const started = performance.now();
  // One after the other: the builds share the base layers and CPU is scarce on CI machines.
  for (const app of APPS) await buildImage(app, nodeImage);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `\ncontainer suite: built ${APPS.length} images FROM ${nodeImage} in ${seconds} s\n`,
  );
}
