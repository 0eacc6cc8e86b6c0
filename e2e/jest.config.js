/**
 * The container suite (`npm run test:containers`): the three images built from docker/Dockerfile
 * and run with testcontainers. Apart from `npm run test:unit` because it needs a container engine
 * (see .ci/setup-podman.sh) and the built bundles. One file at a time: each starts its own cluster.
 */
/** Specs parse answers with @cartwheel/contracts, mapped as in the root jest.config.js. */
const { moduleNameMapper, transform } = require('../jest.shared');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  roots: ['<rootDir>/e2e'],
  testMatch: ['**/*.spec.ts'],
  transform,
  moduleNameMapper,
  globalSetup: '<rootDir>/e2e/global-setup.ts',
  maxWorkers: 1,
  testTimeout: 120000,
  // Not detectOpenHandles: its async hooks make every request of the load tests several times
  // slower (4000 requests: 55 s instead of 16 s). Every spec closes its clients and containers,
  // and a handle left open still shows: Jest then does not exit.
};
