/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
    // lowdb is published as ES modules only: jest's CommonJS loader needs it transpiled.
    '^.+\\.js$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(lowdb|steno)/)'],
  // Type-checking is done once by `tsc` in `npm test`; ts-jest only transpiles.
  testTimeout: 20000,
  // One temporary folder per run, removed at the end (test/helpers/tempFolderSetup.js).
  globalSetup: '<rootDir>/test/helpers/tempFolderSetup.js',
  globalTeardown: '<rootDir>/test/helpers/tempFolderTeardown.js',
};
