import { defineConfig } from '@playwright/test'

// Debian's chromium; Playwright never downloads browsers here (docs/architecture.md, Testing).
const chromiumPath = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium'

export default defineConfig({
  testDir: 'tests/ui',
  outputDir: 'test-results/ui',
  // Long two-window specs on a shared 2-core machine: generous, never a speed check.
  timeout: 150_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  use: {
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
})
