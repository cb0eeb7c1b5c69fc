import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/{shared,server,client,cluster}/**/*.test.ts', 'tests/host/**/*.test.ts', 'tests/renderer/**/*.test.ts', 'tests/app/**/*.test.ts'],
    environment: 'node',
    // Integration tests open real sockets and SQLite files; two cores are shared.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
  },
})
