// ESLint: typescript-eslint's recommended type-checked rules on every TypeScript file the
// compiler sees (tsconfig.json), through the project service. Formatting is Prettier's job, so
// eslint-config-prettier comes last and turns off any rule that would fight it.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['dist/**', 'build/**', 'coverage/**', 'node_modules/**', 'test/artifacts/**'],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // `const { left, out, ...rest } = value` is how a copy is made without some keys: the named ones are meant to go unused.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Jest spies keep a prototype method to call later with .call(this), and expect() takes methods uncalled.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Plain CommonJS config files run by Node and jest: no type information to lint with.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly', console: 'readonly' },
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  },
  prettier,
);
