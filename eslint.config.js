// Flat config: typescript-eslint's recommended set for all code, nothing stricter yet, so the
// server, the desktop app and the scripts share one baseline.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Node's globals for the plain .js/.mjs scripts (TypeScript files get theirs from the type checker).
const nodeGlobals = {
  process: 'readonly',
  console: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
};

export default defineConfig(
  { ignores: ['out/**', '.scratch/**', 'test-artifacts/**', 'dist/**', 'coverage/**', 'node_modules/**', '**/*.d.ts'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names mark parameters a signature requires but the body does not use.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Principle 1: the renderer reaches main only through window.tessera, and may read the IPC
    // contract for its types; nothing else from src-main, no Electron, no Node.
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*', 'node:*'], message: 'The renderer talks to main only via window.tessera.' },
            { regex: 'src-main/(?!ipc/contract$)', message: 'Import only the IPC contract.' },
          ],
        },
      ],
    },
  },
  {
    // The server runs standalone under Node; it never depends on Electron.
    files: ['server/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'] }] },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals },
  },
);
