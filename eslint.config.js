import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Imports the compute core must never make: it stays pure (no Electron, files or database). */
const CORE_FORBIDDEN = ['electron', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'better-sqlite3', 'node:worker_threads', 'worker_threads']

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'src/main/core/model/onnx/onnxProto.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
    },
  },
  {
    files: ['src/main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: CORE_FORBIDDEN.map((name) => ({ name, message: 'src/main/core is pure: no Electron, file system, workers or database.' })),
          patterns: [
            { group: ['**/db/**', '**/ipc/**', '**/workers/**', '**/web/**', '**/io/**'], message: 'src/main/core must not depend on the app around it.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main only through src/renderer/src/api.' }],
          patterns: [{ group: ['**/main/**', '**/preload/**', 'node:*'], message: 'The renderer imports only src/shared and its own files.' }],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'src/shared is the ground floor: it runs in main and in the renderer.' }],
          patterns: [{ group: ['**/main/**', '**/preload/**', '**/renderer/**', 'node:*'], message: 'src/shared imports nothing from the app above it.' }],
        },
      ],
    },
  },
)
