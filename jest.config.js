/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // lowdb and steno ship as ESM only; jest's CommonJS loader needs them transformed.
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(lowdb|steno)/)'],
  // Type-checking is done once by `tsc --noEmit` in `npm test`; ts-jest only transpiles.
  testTimeout: 20000,
};
