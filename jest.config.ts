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
  reporters: ['default', '<rootDir>/test/summary-reporter.cjs'],
};

export default config;
