/**
 * `npm run test:e2e`: the browser test, kept out of `npm test` (which stays offline, fast and
 * browserless). Needs the build (npm run test:e2e runs tsc first) and Debian's chromium
 * (CHROMIUM_PATH, default /usr/bin/chromium). See DEVELOPERS.md.
 * @type {import('jest').Config}
 */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
    // lowdb is published as ES modules only: jest's CommonJS loader needs it transpiled.
    '^.+\\.js$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(lowdb|steno)/)'],
  testTimeout: 180000,
  // One browser, one bot, one playground at a time.
  maxWorkers: 1,
  // One temporary folder per run, removed at the end (test/helpers/tempFolderSetup.js).
  globalSetup: '<rootDir>/test/helpers/tempFolderSetup.js',
  globalTeardown: '<rootDir>/test/helpers/tempFolderTeardown.js',
};
