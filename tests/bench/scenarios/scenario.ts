// The shape every benchmark scenario has, and the context the runner hands it.
import type { ScenarioReport } from '../harness/report'
import type { ServerKind } from '../servers/ipc'

export interface ScenarioContext {
  quick: boolean
  /** Folder for this run's temp data (deleted by the runner at the end). */
  tmpRoot: string
  /** Write V8 CPU profiles of server processes here (--profile). */
  profileDir?: string
  /** Which servers to measure (default both; --servers narrows it while iterating). */
  servers: ServerKind[]
  log(message: string): void
}

export interface Scenario {
  /** Unique, matched by --only (substring). */
  name: string
  describe: string
  run(context: ScenarioContext): Promise<ScenarioReport>
}
