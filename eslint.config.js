// Lint rules, chiefly the runtime boundaries between the top folders (docs/architecture.md).
import tseslint from 'typescript-eslint'

const nodeBuiltins = { group: ['node:*'], message: 'This folder runs outside Node: no node:* imports.' }
const electron = { group: ['electron', 'electron/*'], message: 'No Electron here.' }
const mainCode = { group: ['**/src-main/**', '../src-main/**'], message: 'Reach main only through the IPC contract.' }
const otherTopFolders = { group: ['**/src-renderer/**', '**/src-preload/**', '**/tests/**'], message: 'src-shared stands alone.' }

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'test-results/', 'playwright-report/', '.native/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Electron only in the app shell (src-main/app, with index.ts, the entry that composes
    // it) and the IPC registration; everything else in main runs in plain Node and tests.
    files: ['src-main/**'],
    ignores: ['src-main/app/**', 'src-main/index.ts', 'src-main/ipc/register.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ ...electron, message: 'Electron only in src-main/app and ipc/register.ts: pass a service in (ipc/services.ts).' }] }],
    },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '^(?!zod$|\\.{1,2}/)', message: 'src-shared imports nothing but zod and its own files.' },
        mainCode, otherTopFolders,
      ] }],
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
    // Sandboxed and bundled into one file: electron, and nothing of ours but types.
    files: ['src-preload/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        nodeBuiltins, mainCode,
        // One exception: the media URL mapping (pure, no imports of its own), which the preload
        // owns so the page never builds a URL main would answer.
        { regex: '^(?!electron$|\\.\\./src-shared/ipc/media-url$)', allowTypeImports: true, message: 'The preload imports only types (and electron, and the media URL mapping).' },
      ] }],
    },
  },
)
