// Keeps one server process running: starts it, and when it dies without being asked to
// (a crash, the OS killing it), starts it again on the same address and port over the same
// data, waiting longer after each quick crash (src-shared/client/backoff.ts) and giving up
// after a few in a row. Clients reconnect by themselves (their own backoff). Electron-free:
// it knows only a launcher and the port protocol, so any server the app runs (the LAN host
// today, the loopback "this computer only" server next) can be supervised the same way.
import { backoffCeiling, type BackoffPolicy } from '../../src-shared/client/backoff'
import { HostProcess, HostProcessError, type LaunchServerProcess } from './host-process'
import type { HostEvent, HostOp, HostRequestArgs, HostResponseValue, StartConfig } from './protocol'

export interface RestartPolicy {
  /** Delay before restart n: backoffCeiling(backoff, n). */
  backoff: BackoffPolicy
  /** A process that ran this long before dying had been fine: its crash starts a new count. */
  stableMs: number
  /** This many quick crashes in a row and the supervisor stops trying. */
  maxQuickCrashes: number
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  backoff: { baseMs: 1000, capMs: 30_000 },
  stableMs: 60_000,
  maxQuickCrashes: 5,
}

/**
 * How long a stop may take to answer. The server's own shutdown waits for nothing but its
 * pending writes and gives open sockets 2 s (SHUTDOWN_GRACE_MS in server/server.ts).
 */
const STOP_ANSWER_MS = 5000

export type StartedServer = HostResponseValue<'start'>

export type SupervisorState =
  | { state: 'stopped' }
  | { state: 'running'; started: StartedServer; restarted: boolean }
  /** Died unexpectedly; starting again after `delayMs`. `crashes`: quick crashes in a row. */
  | { state: 'restarting'; crashes: number; maxQuickCrashes: number; delayMs: number; exitCode: number | null }
  /** Died `crashes` times in a row soon after starting: not started again. */
  | { state: 'gave-up'; crashes: number }

export interface SupervisorOptions {
  launch: LaunchServerProcess
  policy?: RestartPolicy
  /** Events of the current process (presence, registration, advertising). */
  onEvent(event: HostEvent): void
  /** Every change of supervision state, restarts included. */
  onState(state: SupervisorState): void
  log?: (level: 'info' | 'warn' | 'error', event: string, fields?: Record<string, unknown>) => void
}

export class ServerSupervisor {
  private readonly policy: RestartPolicy
  private child: HostProcess | null = null
  /** What to start; the port is pinned to the one first bound, so restarts keep addresses valid. */
  private config: StartConfig | null = null
  private startedAt = 0
  private crashes = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  private current: SupervisorState = { state: 'stopped' }

  constructor(private readonly options: SupervisorOptions) {
    this.policy = options.policy ?? DEFAULT_RESTART_POLICY
  }

  get state(): SupervisorState {
    return this.current
  }

  /** The live process, for requests; throws in words while there is none. */
  live(): HostProcess {
    if (this.current.state === 'restarting') throw new HostProcessError('The server is restarting. Try again in a moment.')
    if (!this.child?.alive || this.current.state !== 'running') throw new HostProcessError('Start hosting first.')
    return this.child
  }

  request<O extends HostOp>(op: O, args: HostRequestArgs<O>): Promise<HostResponseValue<O>> {
    return this.live().request(op, args)
  }

  /**
   * Starts the server (after stopping any running one). A failure here is the caller's to
   * report, not a crash to retry: the address may be taken, the data folder unreadable.
   */
  async start(config: StartConfig): Promise<StartedServer> {
    await this.stop()
    this.crashes = 0
    this.config = config
    try {
      return await this.launch(false)
    } catch (error) {
      await this.stop()
      throw error
    }
  }

  /** Stops the server and any restart planned; nothing is restarted after this. */
  async stop(): Promise<void> {
    this.config = null
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const child = this.child
    this.child = null
    if (child?.alive) {
      // Ask first, so sockets close with 1001 and writes finish; then end the process. A
      // stop not answered within STOP_ANSWER_MS is not waited for any longer: whatever
      // holds it up, the person who pressed Stop sees hosting stop in seconds. Such a
      // process is killed at once: its SIGTERM handler would queue behind the stuck stop.
      const answered = await child.request('stop', {}, STOP_ANSWER_MS).then(() => true, () => false)
      await child.exit(answered ? undefined : 0)
    }
    if (this.current.state !== 'stopped') this.setState({ state: 'stopped' })
  }

  private async launch(restarted: boolean): Promise<StartedServer> {
    const config = this.config!
    const child = new HostProcess(this.options.launch(), (event) => {
      if (this.child !== child) return
      // The mode lives in the process's memory: a restarted server comes back with the latest.
      if (event.event === 'registration' && this.config) this.config = { ...this.config, registration: event.mode }
      this.options.onEvent(event)
    }, (code) => this.exited(child, code))
    this.child = child
    const started = await child.request('start', config)
    if (this.child !== child) throw new HostProcessError('Hosting was stopped.')
    this.config = { ...config, port: started.port }
    this.startedAt = Date.now()
    this.setState({ state: 'running', started, restarted })
    return started
  }

  private exited(child: HostProcess, code: number | null): void {
    // Not the current process (replaced or stopped on purpose), or the first start failing.
    if (this.child !== child || !this.config || this.current.state === 'stopped') return
    this.child = null
    const ranFor = this.current.state === 'running' ? Date.now() - this.startedAt : 0
    this.crashes = ranFor >= this.policy.stableMs ? 1 : this.crashes + 1
    this.options.log?.('error', 'server-process-exited', { code, ranForMs: ranFor, crashes: this.crashes })
    if (this.crashes >= this.policy.maxQuickCrashes) {
      this.config = null
      this.setState({ state: 'gave-up', crashes: this.crashes })
      return
    }
    const delayMs = backoffCeiling(this.policy.backoff, this.crashes)
    this.setState({ state: 'restarting', crashes: this.crashes, maxQuickCrashes: this.policy.maxQuickCrashes, delayMs, exitCode: code })
    this.timer = setTimeout(() => {
      this.timer = null
      void this.restart(child)
    }, delayMs)
  }

  private async restart(previous: HostProcess): Promise<void> {
    if (!this.config || this.child) return
    try {
      await this.launch(true)
    } catch (error) {
      // A start that fails counts as a crash too: end that process and let exited() decide.
      this.options.log?.('warn', 'server-restart-failed', { error: error instanceof Error ? error.message : 'unknown' })
      const failed = this.child as HostProcess | null
      if (failed && failed !== previous && failed.alive) await failed.exit()
    }
  }

  private setState(state: SupervisorState): void {
    this.current = state
    this.options.onState(state)
  }
}
