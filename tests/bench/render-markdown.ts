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
lines.push('', '| scenario | server | figures |', '|---|---|---|')
for (const report of reports) {
  for (const [server, figures] of Object.entries(report.results)) lines.push(`| ${report.scenario} | ${server} | ${describe(figures)} |`)
}
process.stdout.write(`${lines.join('\n')}\n`)

/** The headline figures of one server's result, whatever the scenario. */
function describe(figures: unknown): string {
  const f = figures as Record<string, unknown>
  const median = f.median as { messages_per_s: number; deliveries_per_s: number; latency: { p50_ms: number; p99_ms: number } } | undefined
  if (median) {
    return [
      `${median.messages_per_s} msgs/s`,
      `${median.deliveries_per_s} deliveries/s`,
      `p50 ${median.latency.p50_ms} ms`,
      `p99 ${median.latency.p99_ms} ms`,
      `lost ${f.lost_total}`,
      `${f.messages_per_server_cpu_s} msgs per server CPU-s`,
      `peak RSS ${f.server_peak_rss_mib} MiB`,
    ].join(', ')
  }
  const keys = ['upload_mb_s', 'download_mb_s', 'prepare_ms', 'transmit_ms', 'server_ms', 'server_cpu_ms', 'mb_per_server_cpu_s', 'rss_at_start_mib', 'rss_after_logins_mib', 'rss_mib', 'kib_per_socket', 'server_rss_at_start_mib', 'server_rss_before_mib', 'server_peak_rss_mib', 'p50_ms', 'p99_ms']
  return keys.filter((key) => f[key] !== undefined).map((key) => `${key} ${f[key]}`).join(', ')
}
