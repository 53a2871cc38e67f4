// ESLint 9 flat config: typescript-eslint + react-hooks, and the module boundaries of
// CONVENTIONS.md ("Boundaries hold") enforced with no-restricted-imports.
import fs from 'node:fs';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const BROWSER = ['src/module.tsx', 'src/constants.ts', 'src/{app,pages,shared,api,datasource,test}/**/*.{ts,tsx}'];
const BROWSER_TESTS = ['src/{app,pages,shared,api,datasource}/**/*.test.{ts,tsx}', 'src/test/**'];

/** Browser code never reaches into the server side. */
const browserPatterns = [
  {
    regex: '(^|/)(sidecar|simulator|backend)(/|$)',
    message: 'Browser code never imports src/sidecar, src/simulator or src/backend; share types through src/contract.',
  },
];

/** One block per page folder: a page may not import another page (the app wires drilldowns). */
const pageFolders = fs.existsSync('src/pages')
  ? fs
      .readdirSync('src/pages', { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
  : [];
const pageBlocks = pageFolders.map((page) => {
  const others = pageFolders.filter((p) => p !== page);
  return {
    files: [`src/pages/${page}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...browserPatterns,
            ...(others.length
              ? [
                  {
                    regex: `(^|/)(pages/)?(${others.join('|')})(/|$)`,
                    message: `pages/${page} must not import another page; shared code goes to src/shared.`,
                  },
                ]
              : []),
          ],
        },
      ],
    },
  };
});

// Sidecar zones (CONVENTIONS.md "Boundaries hold"): modules/* reach another module only through its
// index.ts and never the composition root; kernel/, jobs/ and platform/ never import a module;
// production code never imports test support (testing/) or the simulator; a complexity cap.
const sidecarModules = fs.existsSync('src/sidecar/modules')
  ? fs
      .readdirSync('src/sidecar/modules', { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
  : [];
const noTestSupport = [
  {
    regex: '(^|/)(testing|simulator)(/|$)',
    message: 'Production code never imports test support (testing/) or the simulator.',
  },
];
const noCompositionRoot = {
  regex: '^(\\.\\./)+app$',
  message: 'Only main.ts and tests import the composition root (app.ts).',
};
const noModules = {
  regex: '(^|/)modules(/|$)',
  message: 'kernel/, jobs/ and platform/ never import a module; modules contribute through their SidecarModule.',
};
const otherModuleInternals = (own) => ({
  regex: `^(\\.\\./)+(?!${own}/)(${sidecarModules.join('|')})/.+`,
  message: `modules/${own} imports another module only through its index.ts (e.g. '../tenants').`,
});
const SIDECAR_TESTS = ['src/sidecar/**/*.test.ts', 'src/sidecar/testing/**'];
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const sidecarZones = [
  {
    files: ['src/sidecar/**/*.ts'],
    ignores: SIDECAR_TESTS,
    rules: { ...restrict(noTestSupport), complexity: ['error', 15] },
  },
  {
    files: ['src/simulator/**/*.ts'],
    ignores: ['src/simulator/**/*.test.ts', 'src/simulator/testing/**'],
    rules: restrict([
      { regex: '(^|/)testing(/|$)', message: 'Production code never imports test support (testing/).' },
    ]),
  },
  {
    files: ['src/sidecar/{kernel,jobs,platform}/**/*.ts'],
    ignores: SIDECAR_TESTS,
    rules: restrict([...noTestSupport, noModules, noCompositionRoot]),
  },
  {
    files: ['src/sidecar/{kernel,jobs,platform}/**/*.test.ts'],
    rules: restrict([noModules]),
  },
  {
    // Rule tables and request pipelines still above the cap; split them before adding to them.
    files: [
      'src/sidecar/jobs/runner.ts',
      'src/sidecar/kernel/registrar.ts',
      'src/sidecar/modules/operations/health.rules.ts',
      'src/sidecar/modules/placement/jobs/migrate.preflight.ts',
      'src/sidecar/modules/placement/planner.ts',
    ],
    rules: { complexity: ['error', 35] },
  },
  ...sidecarModules.flatMap((own) => [
    {
      files: [`src/sidecar/modules/${own}/**/*.ts`],
      ignores: SIDECAR_TESTS,
      rules: restrict([...noTestSupport, noCompositionRoot, otherModuleInternals(own)]),
    },
    {
      files: [`src/sidecar/modules/${own}/**/*.test.ts`],
      rules: restrict([otherModuleInternals(own)]),
    },
  ]),
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'var/**',
      'artifacts/**',
      '.stack/**',
      '**/node_modules/**',
      '**/vendor/**',
      '**/*.min.js',
      'tests/host/**/www/**',
      '**/.build/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: { globals: { module: 'readonly', require: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Registered everywhere so `eslint-disable react-hooks/...` comments resolve in any file.
    plugins: { 'react-hooks': reactHooks },
  },
  {
    files: ['**/*.tsx'],
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // Server side, tooling and cross-cutting tests: escape hatches are visible but not fatal.
    files: ['src/{sidecar,simulator}/**', 'tests/**', 'bench/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-this-alias': 'warn',
      '@typescript-eslint/no-unsafe-function-type': 'warn',
    },
  },
  {
    files: ['tests/host/fixtures/**/*.js'],
    languageOptions: { globals: { define: 'readonly' } },
  },
  {
    files: BROWSER,
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-console': 'error',
      'no-restricted-imports': ['error', { patterns: browserPatterns }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='window'][property.name='location']",
          message: 'Use locationService from @grafana/runtime, not window.location.',
        },
        {
          selector: 'Literal[value=/^\\/a\\/switchyard-controlplane-app/]',
          message: 'Build app URLs with src/shared/routing.ts.',
        },
      ],
    },
  },
  ...pageBlocks,

  // Browser zones: the leaves (src/shared) and the sidecar client (src/api) sit below the shell and
  // the pages, so they never import src/app or src/pages (CONVENTIONS.md "Boundaries hold").
  {
    files: ['src/{shared,api}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...browserPatterns,
            {
              regex: '^(\\.\\./)+(app|pages)(/|$)',
              message: 'src/shared and src/api never import src/app or src/pages; move the shared piece to src/shared.',
            },
          ],
        },
      ],
    },
  },
  // End of browser zones.

  {
    files: BROWSER_TESTS,
    rules: { 'no-restricted-syntax': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // The data source backend runs as Grafana's plugin process: plain TypeScript, no React, no @grafana/*
    // (it speaks Grafana's protocol itself), no sidecar, simulator or browser code, and production code
    // never imports its test support.
    files: ['src/backend/**/*.ts'],
    ignores: ['src/backend/**/*.test.ts', 'src/backend/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(react|react-dom)(/|$)|^@grafana/', message: 'src/backend never imports React or @grafana/*.' },
            {
              regex: '(^|/)(sidecar|simulator)(/|$)',
              message: 'src/backend shares code with the sidecar only through src/contract.',
            },
            { regex: '(^|/)testing(/|$)', message: 'Production backend code never imports src/backend/testing.' },
            {
              regex: '^(\\.\\./)+(datasource|app|pages|scenes|components)(/|$)',
              message: 'src/backend never imports browser code.',
            },
          ],
        },
      ],
    },
  },
  {
    // The contract is the only code shared by browser and server: it imports zod and itself, nothing else.
    files: ['src/contract/**/*.ts'],
    ignores: ['src/contract/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^(?!zod$|zod/|\\./).+', message: 'src/contract imports only zod (and its own files).' }],
        },
      ],
    },
  },
  {
    // Change management's pure logic, shared by the sidecar module and the pages: the contract, zod and itself.
    files: ['src/changes/**/*.ts'],
    ignores: ['src/changes/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|zod/|\\.\\./\\.\\./contract$|\\.\\./(shared|config|deployments|definitions)/|\\./).+',
              message: 'src/changes imports only src/contract, zod and its own files (no I/O, no platform code).',
            },
          ],
        },
      ],
    },
  },
  // Sidecar zones
  ...sidecarZones
);
