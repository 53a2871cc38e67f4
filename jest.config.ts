/**
 * Browser-side unit tests (jsdom + @swc/jest). Only the browser folders are collected: the
 * sidecar, simulator and contract use node's test runner, and tests/ has its own suites.
 */
import type { Config } from 'jest';

/** ESM-only packages (or ESM under the `browser` condition) reached from @grafana/* and Scenes. */
const ESM_PACKAGES = [
  '@grafana/schema',
  'd3',
  'd3-[a-z-]+',
  'internmap',
  'delaunator',
  'robust-predicates',
  'ol',
  'react-colorful',
  'rxjs',
  'uuid',
  'marked',
  'react-calendar',
  '@wojtekmaj',
  'get-user-locale',
  'memoize',
  'mimic-function',
  'yaml',
];

const swc = (syntax: 'typescript' | 'ecmascript') => [
  '@swc/jest',
  {
    jsc: {
      parser: syntax === 'typescript' ? { syntax, tsx: true } : { syntax, jsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const config: Config = {
  testEnvironment: 'jsdom',
  rootDir: '.',
  roots: ['<rootDir>/src'],
  testMatch: ['<rootDir>/src/{app,pages,shared,api,datasource}/**/*.test.{ts,tsx}'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/src/(sidecar|simulator|contract)/', '<rootDir>/tests/'],
  setupFiles: ['<rootDir>/.config/jest/bootData.ts'],
  setupFilesAfterEnv: ['<rootDir>/.config/jest/setup.ts'],
  transform: {
    '^.+\\.(ts|tsx)$': swc('typescript') as [string, Record<string, unknown>],
    '^.+\\.(js|jsx|mjs|cjs)$': swc('ecmascript') as [string, Record<string, unknown>],
  },
  transformIgnorePatterns: [`node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleNameMapper: {
    '\\.(css|scss|sass)$': '<rootDir>/.config/jest/styleMock.js',
    '\\.(svg|png|jpe?g|gif)$': '<rootDir>/.config/jest/fileMock.js',
    '^react-inlinesvg$': '<rootDir>/.config/jest/reactInlineSvgMock.js',
  },
  clearMocks: true,
  // The CI machines are shared and small; @grafana/ui makes the first render of a suite slow.
  testTimeout: 30_000,
};

export default config;
