// What a scenario reports: one JSON line each (machine-readable, appended to by nothing
// else on stdout), and a summary table at the end for people.

export interface TargetCheck {
  /** What is measured, e.g. "throughput vs baseline". */
  name: string
  /** The goal in words, e.g. ">= 70% of baseline". */
  target: string
  actual: number | string
  pass: boolean
  /** The figures behind `actual`, for people (e.g. "2,100 vs 3,000 msgs/s"). */
  detail?: string
}

export interface ScenarioReport {
  scenario: string
  quick: boolean
  params: Record<string, unknown>
  /** Per server ("parley", "baseline"): the measured figures. */
  results: Record<string, unknown>
  targets: TargetCheck[]
  /** 1-minute load average when the scenario started: the machine is shared, read figures with it. */
  load_avg_1m?: number
  /** How each server process ran (bufferutil loaded, malloc settings). */
  server_runtime?: Record<string, unknown>
  /** Set when the scenario could not run (server missing a feature, setup failed…). */
  error?: string
}

export function atLeast(name: string, actual: number, min: number, unit: string): TargetCheck {
  return { name, target: `>= ${min} ${unit}`.trim(), actual, pass: Number.isFinite(actual) && actual >= min }
}

export function atMost(name: string, actual: number, max: number, unit: string): TargetCheck {
  return { name, target: `<= ${max} ${unit}`.trim(), actual, pass: Number.isFinite(actual) && actual <= max }
}

export function below(name: string, actual: number, max: number, unit: string): TargetCheck {
  return { name, target: `< ${max} ${unit}`.trim(), actual, pass: Number.isFinite(actual) && actual < max }
}

export function summaryTable(reports: ScenarioReport[]): string {
  const rows: string[][] = [['scenario', 'check', 'target', 'actual', 'result', 'detail']]
  for (const report of reports) {
    if (report.error) rows.push([report.scenario, '(did not run)', '', '', 'ERROR', report.error.slice(0, 80)])
    for (const check of report.targets) {
      rows.push([report.scenario, check.name, check.target, String(check.actual), check.pass ? 'pass' : 'MISS', check.detail ?? ''])
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)))
  const line = (row: string[]): string => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n')
}
