// `npm run bench [-- --only fanout,idle] [--quick] [--profile DIR]`
// Runs each scenario against the Parley server and the bare-ws baseline (each in its own
// child process), prints one JSON line per scenario on stdout, then a summary table.
// Progress goes to stderr, so `npm run bench --silent | grep '^{'` is the machine output.
import { rmSync } from 'node:fs'
import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Command } from 'commander'
import { summaryTable, type ScenarioReport } from './harness/report'
import { serverRuntimes } from './harness/server-process'
import { allScenarios } from './scenarios'
import type { ScenarioContext } from './scenarios/scenario'
import type { ServerKind } from './servers/ipc'

const SERVER_KINDS: readonly ServerKind[] = ['baseline', 'parley', 'parley-tls']

interface CliOptions {
  only?: string
  quick?: boolean
  profile?: string
  list?: boolean
  strict?: boolean
  servers: string
}

const program = new Command('bench')
  .description('Parley benchmarks: fan-out, files, idle sockets, against a bare ws baseline')
  .option('--only <names>', 'comma-separated substrings of scenario names (e.g. fanout,idle)')
  .option('--quick', 'smaller sizes for iterating; targets are still evaluated but not comparable')
  .option('--profile <dir>', 'write a V8 CPU profile of every server process into <dir>')
  .option('--servers <kinds>', 'comma-separated: parley, parley-tls, baseline', 'baseline,parley,parley-tls')
  .option('--list', 'list scenarios and exit')
  .option('--strict', 'exit 1 when a target is missed (not only when a scenario fails to run)')
  .parse()

async function main(options: CliOptions): Promise<number> {
  const filters = (options.only ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  const scenarios = allScenarios().filter((s) => filters.length === 0 || filters.some((f) => s.name.includes(f)))
  if (options.list) {
    for (const s of allScenarios()) process.stdout.write(`${s.name.padEnd(24)} ${s.describe}\n`)
    return 0
  }
  if (scenarios.length === 0) {
    process.stderr.write(`no scenario matches --only ${options.only}\n`)
    return 2
  }
  const tmpRoot = await mkdtemp(join(tmpdir(), 'parley-bench-'))
  const profileDir = options.profile ? resolve(options.profile) : undefined
  if (profileDir) await mkdir(profileDir, { recursive: true })
  // Ctrl-C: the server children exit when their IPC channel closes; the temp data (up to
  // 2 GiB in the file scenarios) must not outlive the run.
  process.once('SIGINT', () => {
    rmSync(tmpRoot, { recursive: true, force: true })
    process.exit(130)
  })
  const servers = options.servers.split(',').map((s) => s.trim())
  if (servers.length === 0 || servers.some((s) => !SERVER_KINDS.includes(s as ServerKind))) {
    process.stderr.write(`--servers takes ${SERVER_KINDS.join(', ')}, not ${options.servers}\n`)
    return 2
  }
  const context: ScenarioContext = {
    quick: Boolean(options.quick),
    servers: servers as ServerKind[],
    tmpRoot,
    profileDir,
    log: (message) => process.stderr.write(`[bench] ${message}\n`),
  }
  const reports: ScenarioReport[] = []
  try {
    for (const scenario of scenarios) {
      context.log(`${scenario.name}: ${scenario.describe}`)
      let report: ScenarioReport
      const load = Math.round(loadavg()[0]! * 100) / 100
      try {
        report = { ...(await scenario.run(context)), load_avg_1m: load, server_runtime: serverRuntimes() }
      } catch (error) {
        report = { scenario: scenario.name, quick: context.quick, params: {}, results: {}, targets: [], load_avg_1m: load, error: String(error instanceof Error ? error.message : error) }
      }
      for (const [kind, runtime] of Object.entries(serverRuntimes())) {
        if (!runtime.bufferutil) context.log(`WARNING: the ${kind} server runs without bufferutil (ws masks frames in JavaScript)`)
      }
      reports.push(report)
      process.stdout.write(`${JSON.stringify(report)}\n`)
    }
  } finally {
    await rm(tmpRoot, { recursive: true, force: true })
  }
  process.stdout.write(`\n${summaryTable(reports)}\n`)
  const failed = reports.some((r) => r.error !== undefined)
  const missed = reports.some((r) => r.targets.some((t) => !t.pass))
  return failed || (options.strict && missed) ? 1 : 0
}

main(program.opts<CliOptions>()).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
    process.exit(1)
  },
)
