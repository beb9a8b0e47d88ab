import type { Config } from 'jest';

// ts-jest honours `isolatedModules: true` in tsconfig.json by transpiling each file
// without type-checking (`npm test` runs `tsc --noEmit` once); see README "Development".
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', {}],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60_000,
  // Jest's default is cores - 1: one worker on a 2-core CI machine. Two halve the wall time (63 s -> 35 s measured).
  maxWorkers: '100%',
  reporters: ['default', '<rootDir>/test/summary-reporter.cjs'],
  // The gate's after-synth summary would print for every test app; the summary test turns it on explicitly.
  setupFiles: ['<rootDir>/test/quiet-gate.cjs'],
};

export default config;
