#!/usr/bin/env bash
# The whole suite: static checks, the build, unit + integration tests (vitest), UI tests
# (Playwright in Debian chromium). Ends with one line "N passed, N failed" summed over both
# runners, which is what CI reads.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
status=0

npm run --silent typecheck || status=1
npm run --silent lint || status=1
npm run --silent build || status=1

npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=1
if compgen -G 'tests/ui/*.spec.ts' >/dev/null; then
  PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/playwright.json npx playwright test --reporter=list,json || status=1
else
  echo 'No UI specs yet: Playwright not run.'
  echo '{"stats":{"expected":0,"unexpected":0,"skipped":0}}' > test-results/playwright.json
fi

node scripts/summarize-tests.mjs test-results/vitest.json test-results/playwright.json || status=1
exit $status
