// ESLint (flat config): TypeScript's recommended correctness rules and eslint-plugin-regexp's recommended rules,
// above all regexp/no-super-linear-backtracking and regexp/no-super-linear-move (patterns that take quadratic or
// worse time on hostile text). No stylistic rules: formatting is Biome's (biome.json, `npm run format`).
import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'models/**', 'coverage/**', 'dist/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  regexp.configs['flat/recommended'],
  // Plain JavaScript files (bin/, scripts/) run on Node.
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: globals.node } },
  {
    rules: {
      // Super-linear patterns are errors; so is a move that is super-linear when the pattern is searched for.
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
      // Non-null assertions and `any` (test doubles, JSON from platforms) are reviewed case by case, not banned.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // The cleaners strip control characters on purpose, so patterns name them.
      'no-control-regex': 'off',
      // Style only: rewriting working patterns in files other people edit buys no safety.
      'regexp/no-unused-capturing-group': 'off',
      'regexp/use-ignore-case': 'off',
      'regexp/prefer-character-class': 'off',
      'regexp/no-useless-non-capturing-group': 'off',
      'regexp/no-useless-character-class': 'off',
      'regexp/prefer-w': 'off',
      'regexp/prefer-range': 'off',
      'regexp/control-character-escape': 'off',
      'regexp/negation': 'off',
      // "à-ÿ" is meant: the Latin-1 lower-case letters of European names.
      'regexp/no-obscure-range': 'off',
      // Destructuring where one name is reassigned stays `let`.
      'prefer-const': ['error', { destructuring: 'all' }],
      // `\b.*\b(?:word)` is meant in the furniture rules: the assertion makes `.*` take a character, as wanted.
      'regexp/no-contradiction-with-assertion': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Benchmarks, evaluation scripts and tests read our own data sets and fixtures. In src/, each super-linear
    // finding judged safe has its own eslint-disable-next-line with the reason (issue 15), so a new pattern in any
    // source file is checked.
    files: ['bench/**/*.ts', 'scripts/**/*.ts', 'tests/**/*.ts'],
    rules: { 'regexp/no-super-linear-move': 'off', 'regexp/no-super-linear-backtracking': 'off' },
  },
);
