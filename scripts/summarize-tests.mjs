// Sums vitest's and Playwright's JSON reports into the one closing line CI reads.
import { existsSync, readFileSync } from 'node:fs'

const [vitestPath, playwrightPath] = process.argv.slice(2)
let passed = 0
let failed = 0
let skipped = 0
let missing = false

if (vitestPath && existsSync(vitestPath)) {
  const report = JSON.parse(readFileSync(vitestPath, 'utf8'))
  passed += report.numPassedTests ?? 0
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0)
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
} else {
  console.error(`No vitest report at ${vitestPath}`)
  missing = true
}

if (playwrightPath && existsSync(playwrightPath)) {
  const stats = JSON.parse(readFileSync(playwrightPath, 'utf8')).stats ?? {}
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0)
  failed += stats.unexpected ?? 0
  skipped += stats.skipped ?? 0
} else {
  console.error(`No Playwright report at ${playwrightPath}`)
  missing = true
}

if (missing) failed += 1
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 ? 1 : 0)
