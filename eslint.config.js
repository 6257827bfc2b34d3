// ESLint (flat config): TypeScript's recommended correctness rules and eslint-plugin-regexp's recommended rules,
// above all regexp/no-super-linear-backtracking and regexp/no-super-linear-move (patterns that take quadratic or
// worse time on hostile text). No stylistic rules: the formatting of the tree stays as it is.
import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'models/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  regexp.configs['flat/recommended'],
  {
    rules: {
      // Super-linear patterns are errors; so is a move that is super-linear when the pattern is searched for.
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
      // Non-null assertions and `any` are reviewed case by case in this codebase, not banned.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
