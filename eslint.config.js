// Lint rules, chiefly the runtime boundaries between the top folders (docs/architecture.md).
import tseslint from 'typescript-eslint'

const nodeBuiltins = { group: ['node:*'], message: 'This folder runs outside Node: no node:* imports.' }
const electron = { group: ['electron', 'electron/*'], message: 'No Electron here.' }
const mainCode = { group: ['**/src-main/**', '../src-main/**'], message: 'Reach main only through the IPC contract.' }

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'test-results/', 'playwright-report/', '.native/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, electron, mainCode, { group: ['react', 'react-dom', 'zustand'], message: 'src-shared has no UI.' }] }],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, electron, mainCode, { group: ['ws', 'better-sqlite3', 'electron-store'], message: 'Node-only package.' }] }],
    },
  },
  {
    files: ['src-main/server/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [electron, { group: ['**/src-main/client/**', '**/src-main/ipc/**', '**/src-main/host/**'], message: 'The server is plain Node.' }] }],
    },
  },
  {
    files: ['src-preload/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, mainCode] }],
    },
  },
)
