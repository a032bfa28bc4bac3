// Lint: typescript-eslint's recommended rules, plus the layer rules that keep the domain pure (README, layout).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Import patterns (gitignore-style, matched against the import string) one layer must never use. */
const SDKS = ['botbuilder', 'botbuilder-*', '@microsoft/*', '@azure/*', 'adaptivecards*', 'exceljs', 'csv-parse', 'csv-parse/*'];
const layer = (message, ...patterns) => ['error', { patterns: [{ group: patterns, message }] }];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a value left out on purpose (a destructured field dropped from a copy).
      // A `let` read in a closure before its one assignment (a timer wired to a sweep made later) stays a `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Tests reshape raw JSON (a broken profile, a Graph answer) on purpose.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['workflow/**/*.ts'],
    rules: {
      'no-restricted-imports': layer(
        'workflow/ is the domain: no SDK, and nothing from bot/, cards/, storage/, graph/, jobs/, imports/ or scripts/ (depend on a port in workflow/ports.ts instead).',
        ...SDKS,
        '**/bot/**',
        '**/cards/**',
        '**/storage/**',
        '**/graph/**',
        '**/jobs/**',
        '**/imports/**',
        '**/scripts/**',
      ),
    },
  },
  {
    files: ['cards/**/*.ts'],
    rules: {
      'no-restricted-imports': layer('cards/ renders card data: nothing from storage/, graph/, jobs/ or bot/, and no Teams SDK.', 'botbuilder', 'botbuilder-*', '@microsoft/teams-ai', '@azure/*', '**/storage/**', '**/graph/**', '**/jobs/**', '**/bot/**'),
    },
  },
  {
    files: ['storage/**/*.ts', 'graph/**/*.ts', 'jobs/**/*.ts', 'imports/**/*.ts'],
    rules: {
      // Only bot/ speaks Teams: moving to the Teams SDK v2 stays the work of one folder.
      'no-restricted-imports': layer('Only bot/ may use the Teams SDKs or import from bot/.', 'botbuilder', 'botbuilder-*', '@microsoft/teams-ai', '@microsoft/teams.*', '**/bot/**'),
    },
  },
);
