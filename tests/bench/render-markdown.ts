// `npx tsx tests/bench/render-markdown.ts OUT.txt`: the results table for docs/benchmarks.md
// from the JSON lines `npm run bench` printed (other lines are skipped), so the figures
// in the doc are copied by a program, not by hand.
import { readFileSync } from 'node:fs'
import type { ScenarioReport } from './harness/report'

const file = process.argv[2]
if (!file) {
  process.stderr.write('usage: render-markdown.ts OUT.txt\n')
  process.exit(2)
}
const reports = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('{'))
  .map((line) => JSON.parse(line) as ScenarioReport)

const lines = ['| scenario | load avg | check | target | Parley | result | detail |', '|---|---|---|---|---|---|---|']
for (const report of reports) {
  if (report.error) lines.push(`| ${report.scenario} | ${report.load_avg_1m ?? ''} | did not run | | | ERROR | ${report.error} |`)
  for (const check of report.targets) {
    lines.push(`| ${report.scenario} | ${report.load_avg_1m ?? ''} | ${check.name} | ${check.target} | ${check.actual} | ${check.pass ? 'pass' : '**miss**'} | ${check.detail ?? ''} |`)
  }
}
process.stdout.write(`${lines.join('\n')}\n`)
