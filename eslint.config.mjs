import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';
import prettier from 'eslint-config-prettier/flat';

/** What the relay core must never import: it is plain TypeScript behind `PageTransport`. */
const glue = ['socket.io', 'socket.io-client', '@socket.io/*', 'ioredis', 'pino', 'prom-client', 'socket.io-parser'];

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  // public/early-start.js and public/viewer/ are built (npm run build:early, build:viewer),
  // and so is the Next.js floor's .next/ (npm run bench:lighthouse).
  globalIgnores([
    'bench/web/next-floor/.next/**',
    'dist/**',
    'coverage/**',
    'bench/results/**',
    'e2e/.artifacts/**',
    'public/early-start.js',
    'public/viewer/**',
    'viewer/.built/**',
  ]),
  {
    rules: {
      'import/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Type-aware, and cheap: a promise nobody awaits or catches is a crash or a hang.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Wiring reads top to bottom: nothing is used before it is declared (functions are hoisted on purpose).
      '@typescript-eslint/no-use-before-define': [
        'error',
        { functions: false, typedefs: false, ignoreTypeReferences: true },
      ],
    },
  },
  {
    // Jest and Next.js load these as CommonJS.
    files: ['*.config.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['realtime/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: glue, message: 'realtime/core is the pure relay: no Socket.IO, Redis, logging or metrics here.' },
            { regex: '^\\.\\./(?!\\.\\./)', message: 'realtime/core must not import the glue around it.' },
          ],
        },
      ],
    },
  },
  // The sidecar's parts, each kept to what it may use (realtime/ layout in docs/ARCHITECTURE.md).
  ...[
    ['realtime/guards/**', ['cluster', 'sockets'], 'guards decide admission and limits: no cluster or socket glue'],
    ['realtime/cluster/**', ['guards', 'sockets', 'ops'], 'the cluster talks to Redis and the core only'],
    ['realtime/ops/**', ['sockets'], 'settings, health and metrics do not reach into the socket glue'],
    ['realtime/sockets/**', ['guards'], "the socket glue serves the core; admission is the guards' job"],
  ].map(([files, forbidden, message]) => ({
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: `^\\.\\./(${forbidden.join('|')})/`, message },
            { regex: '^\\.\\./(server|main)$', message: 'nothing inside the sidecar imports its wiring' },
          ],
        },
      ],
    },
  })),
  prettier,
]);
