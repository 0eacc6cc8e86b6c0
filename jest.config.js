/** One Jest run over every project; specs sit next to the code they test. */
const { moduleNameMapper, transform } = require('./jest.shared');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs'],
  testMatch: ['**/*.spec.ts'],
  transform,
  moduleNameMapper,
  detectOpenHandles: true,
  testTimeout: 30000,
};
