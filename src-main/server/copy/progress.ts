// Progress of the slow steps, on stderr (stdout keeps the report): at most one line a
// second per step, and a last line when it is done, so a long copy shows it is alive
// without flooding a log.
const INTERVAL_MS = 1000

export interface Progress {
  /** `done` so far of `total` (rows, files). */
  update(done: number): void
  finish(): void
}

export type ProgressSink = (line: string) => void

export const stderrSink: ProgressSink = (line) => process.stderr.write(`${line}\n`)

export function progress(sink: ProgressSink, label: string, total: number, unit: string): Progress {
  let last = Date.now()
  let done = 0
  const line = (): string => `${label}: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${unit}`
  return {
    update(value) {
      done = value
      if (Date.now() - last < INTERVAL_MS) return
      last = Date.now()
      sink(line())
    },
    finish() {
      sink(`${line()}, done`)
    },
  }
}
