// Hosting from the app: one server process at a time, its state for the UI, the host's
// own account (password generated once, kept in the secret store) and its automatic
// sign-in. Electron-free: the process launcher is injected (utilityProcess in the app,
// child_process.fork in tests and the Playwright desktop bridge).
import { randomBytes } from 'node:crypto'
import { networkInterfaces, userInfo } from 'node:os'
import type { HostConfig, HostStatus, InviteCode, NetworkChoice, RegistrationMode } from '../../src-shared/ipc/contract'
import type { User } from '../../src-shared/protocol/types'
import type { SecretStore } from '../client/secret-store'
import type { KeyValueBackend } from '../client/settings-store'
import { HostProcessError, type LaunchServerProcess } from './host-process'
import { readHostSettings, writeHostSettings } from './host-settings'
import { joinAddresses, networkChoices } from './join-addresses'
import type { HostEvent, StartConfig } from './protocol'
import { ServerSupervisor, type RestartPolicy, type SupervisorState } from './supervisor'

export const HOST_ACCOUNT_EMAIL = 'host@parley.local'
const PASSWORD_KEY = 'lan-host-account-password'

export interface HostControllerOptions {
  launch: LaunchServerProcess
  /** The server's data folder (database, secret key, media). */
  dataDir: string
  /** The built renderer, served to browsers; null when not built. */
  webRoot: string | null
  nativeBinding: string | null
  secrets: SecretStore
  settings: KeyValueBackend
  /** Pushes every status change to the UI ('host-status'). */
  emit(status: HostStatus): void
  /**
   * Signs this app's client in to its own server (set once the client runtime exists).
   * `resumed`: hosting restarted with the app, where an existing session should be kept.
   * `fingerprint`: the certificate this app's own server presents (trusted: the host made it).
   */
  signInHost?: (credentials: { server: string; email: string; password: string }, resumed: boolean, fingerprint: string | null) => Promise<void>
  /**
   * Whether the app needs its server for this computer when it is not hosting (no other
   * server configured, or an account on this computer): checked at start-up and whenever
   * hosting stops.
   */
  wantsThisComputerOnly?: () => boolean
  /** Opening the app at login (app/login-item.ts); absent where this window or OS cannot. */
  loginItem?: LoginItem
  /** When to restart a server process that died (supervisor.ts); tests shorten it. */
  restartPolicy?: RestartPolicy
  log?: (level: 'info' | 'warn' | 'error', event: string, fields?: Record<string, unknown>) => void
}

/** The OS's "open at login" switch for this app. */
export interface LoginItem {
  enabled(): boolean
  set(enabled: boolean): void
}

export class HostController {
  /** The server process, restarted with backoff when it dies on its own. */
  private readonly server: ServerSupervisor
  private current: HostStatus
  /** The host's own sign-in, when the server died under it: tried again once it is back. */
  private pendingSignIn: (() => Promise<void>) | null = null
  private busy: Promise<unknown> = Promise.resolve()
  signInHost: HostControllerOptions['signInHost']

  constructor(private readonly options: HostControllerOptions) {
    this.signInHost = options.signInHost
    this.current = this.stoppedStatus(null)
    this.server = new ServerSupervisor({
      launch: options.launch,
      ...(options.restartPolicy ? { policy: options.restartPolicy } : {}),
      onEvent: (event) => this.onEvent(event),
      onState: (state) => this.onServerState(state),
      ...(options.log ? { log: options.log } : {}),
    })
  }

  status(): HostStatus {
    return this.current
  }

  /** Hosting for the LAN right now (not the server for this computer only). */
  get running(): boolean {
    return this.current.state === 'running' && this.current.reach === 'lan'
  }

  /** Serving, or about to again (starting, restarting after a crash): the app keeps running for it. */
  get hosting(): boolean {
    if (this.current.reach !== 'lan') return false
    return this.current.state === 'running' || this.current.state === 'restarting' || this.current.state === 'starting'
  }

  interfaces(): NetworkChoice[] {
    return networkChoices(networkInterfaces())
  }

  /** Whether hosting was on when the app last quit (it resumes then). */
  get enabled(): boolean {
    return readHostSettings(this.options.settings).enabled
  }

  /** Starts hosting when it was on when the app last quit. */
  async resumeIfEnabled(): Promise<void> {
    if (this.enabled) await this.start(readHostSettings(this.options.settings).config, { resumed: true }).catch(() => undefined)
  }

  start(config: HostConfig, { resumed = false } = {}): Promise<HostStatus> {
    return this.serially(async () => {
      // The same process may be serving this computer only: hosting replaces it, same data.
      await this.server.stop()
      const stored = readHostSettings(this.options.settings)
      writeHostSettings(this.options.settings, { ...stored, config, enabled: true })
      this.update({ ...this.stoppedStatus(null), state: 'starting', config })
      try {
        const started = await this.server.start({
          dataDir: this.options.dataDir,
          host: config.address,
          port: config.port,
          registration: config.registration,
          name: config.name,
          webRoot: this.options.webRoot,
          nativeBinding: this.options.nativeBinding,
          advertise: true,
          logLevel: 'warn',
        })
        const password = await this.hostPassword()
        await this.server.request('ensure-account', { email: HOST_ACCOUNT_EMAIL, fullName: hostDisplayName(), password })
        // Listening everywhere: this app reaches it on loopback (started.url says 127.0.0.1 then).
        const url = started.url
        // A port picked by the system (0) is kept: guests' saved addresses stay valid next time.
        const running: HostConfig = { ...config, port: started.port, registration: started.registration }
        writeHostSettings(this.options.settings, { ...stored, config: running, enabled: true })
        this.update({
          ...this.current,
          state: 'running',
          config: running,
          url,
          fingerprint: started.fingerprint,
          joinAddresses: await joinAddresses(config.address, started.port, networkInterfaces(), started.fingerprint),
          presence: await this.server.request('presence', {}),
          advertising: started.advertising,
          hostAccount: HOST_ACCOUNT_EMAIL,
          error: null,
        })
        await this.signInOwnClient(url, password, resumed, started.fingerprint)
        return this.current
      } catch (error) {
        await this.server.stop()
        this.update({ ...this.stoppedStatus(messageOf(error)), state: 'failed', config })
        // This computer keeps its own server (and its accounts) when hosting could not start.
        await this.serveThisComputerIfWanted(messageOf(error))
        throw new HostProcessError(messageOf(error))
      }
    })
  }

  /** Stops hosting (everyone's sockets close with 1001); history stays for the next start. */
  stop(): Promise<HostStatus> {
    return this.serially(async () => {
      const stored = readHostSettings(this.options.settings)
      writeHostSettings(this.options.settings, { ...stored, enabled: false })
      this.update({ ...this.current, state: 'stopping' })
      await this.server.stop()
      this.update(this.stoppedStatus(null))
      await this.serveThisComputerIfWanted()
      return this.current
    })
  }

  /**
   * At app start: resume hosting when it was on when the app quit, else serve this computer
   * when the app needs its own server.
   */
  startForApp(): Promise<void> {
    if (this.enabled) return this.resumeIfEnabled()
    return this.serially(() => this.serveThisComputerIfWanted())
  }

  /** The address of the app's own server for this app's client, while it serves (either reach). */
  ownServerUrl(): string | null {
    return this.current.state === 'running' ? this.current.url : null
  }

  /**
   * "This computer only": the same supervised server process on 127.0.0.1, not advertised,
   * open registration (whoever uses this computer makes the first accounts on the sign-in
   * screen), on the port it had last time so saved accounts keep their address. No host
   * account and no automatic sign-in: that is hosting's.
   */
  private async serveThisComputerIfWanted(hostingFailure: string | null = null): Promise<void> {
    if (!this.options.wantsThisComputerOnly?.()) return
    const stored = readHostSettings(this.options.settings)
    this.update({ ...this.stoppedStatus(null), state: 'starting', reach: 'this-computer' })
    const config = (port: number): StartConfig => ({
      dataDir: this.options.dataDir,
      host: '127.0.0.1',
      port,
      registration: 'open',
      name: 'Parley on this computer',
      webRoot: null,
      nativeBinding: this.options.nativeBinding,
      advertise: false,
      logLevel: 'warn',
    })
    try {
      // The kept port may be taken by now: any free one is better than no server.
      const started = await this.server.start(config(stored.localPort ?? 0))
        .catch((error: unknown) => (stored.localPort ? this.server.start(config(0)) : Promise.reject(error)))
      writeHostSettings(this.options.settings, { ...readHostSettings(this.options.settings), localPort: started.port })
      // A hosting failure stays on screen: the panel offers to try again.
      this.update({ ...this.stoppedStatus(hostingFailure), state: 'running', reach: 'this-computer', url: started.url })
    } catch (error) {
      this.options.log?.('error', 'this-computer-server-failed', { error: messageOf(error) })
      this.update({ ...this.stoppedStatus(`Parley's server on this computer could not start: ${messageOf(error)}`), state: 'failed', reach: 'this-computer' })
    }
  }

  /** App quit: stop the process but remember that hosting was on. */
  shutdown(): Promise<void> {
    return this.serially(() => this.server.stop())
  }

  /** Opens Parley at login, hidden in the tray, so hosting (kept on in the settings) resumes. */
  setStartAtLogin(enabled: boolean): HostStatus {
    const item = this.options.loginItem
    if (!item) throw new HostProcessError('Opening Parley at login is not available here.')
    item.set(enabled)
    this.update({ ...this.current, startAtLogin: item.enabled() })
    return this.current
  }

  async setRegistration(mode: RegistrationMode): Promise<HostStatus> {
    if (this.current.reach !== 'lan') throw new HostProcessError('Start hosting first.')
    const applied = await this.server.request('set-registration', { mode })
    const stored = readHostSettings(this.options.settings)
    writeHostSettings(this.options.settings, { ...stored, config: { ...stored.config, registration: applied } })
    this.update({ ...this.current, config: { ...this.current.config, registration: applied } })
    return this.current
  }

  async users(): Promise<User[]> {
    return this.server.request('users', {})
  }

  async createUser(input: { email: string; fullName: string; password: string }): Promise<User> {
    return this.server.request('create-user', input)
  }

  async resetPassword(input: { email: string; password: string }): Promise<void> {
    await this.server.request('reset-password', input)
  }

  async removeUser(email: string): Promise<void> {
    if (email.trim().toLowerCase() === HOST_ACCOUNT_EMAIL) throw new HostProcessError('The host account cannot be removed while you host.')
    await this.server.request('remove-user', { email })
  }

  async createInvite(): Promise<InviteCode> {
    return this.server.request('create-invite', {})
  }

  async invites(): Promise<InviteCode[]> {
    return this.server.request('invites', {})
  }

  async revokeInvite(code: string): Promise<void> {
    await this.server.request('revoke-invite', { code })
  }

  private async signInOwnClient(url: string, password: string, resumed: boolean, fingerprint: string | null): Promise<void> {
    if (!this.signInHost) return
    this.pendingSignIn = null
    try {
      await this.signInHost({ server: url, email: HOST_ACCOUNT_EMAIL, password }, resumed, fingerprint)
      this.update({ ...this.current }) // again, now that the session is there: the UI reloads it
    } catch (error) {
      if (this.current.state === 'restarting') {
        // Not this app's fault: the server crashed meanwhile. Keep the restart's words.
        this.pendingSignIn = () => this.signInOwnClient(url, password, resumed, fingerprint)
        return
      }
      this.options.log?.('warn', 'host-sign-in-failed', { error: error instanceof Error ? error.name : typeof error })
      this.update({ ...this.current, error: `Hosting, but this app could not sign in to it: ${messageOf(error)}` })
    }
  }

  private async hostPassword(): Promise<string> {
    const kept = await this.options.secrets.get(PASSWORD_KEY)
    if (kept) return kept
    const fresh = randomBytes(24).toString('base64url')
    await this.options.secrets.set(PASSWORD_KEY, fresh)
    return fresh
  }

  private onEvent(event: HostEvent): void {
    if (event.event === 'presence') this.update({ ...this.current, presence: event.presence })
    else if (event.event === 'registration') this.update({ ...this.current, config: { ...this.current.config, registration: event.mode } })
    else {
      this.options.log?.('warn', 'host-advertise-failed', {})
      this.update({ ...this.current, advertising: false })
    }
  }

  /**
   * Crashes and restarts, told in words. Starts and stops asked for by the user are
   * reported by start() and stop() themselves.
   */
  private onServerState(state: SupervisorState): void {
    if (state.state === 'restarting') {
      const seconds = Math.max(1, Math.round(state.delayMs / 1000))
      this.update({
        ...this.current,
        state: 'restarting',
        presence: [],
        error: `The server stopped unexpectedly. Restarting it in ${seconds} s (try ${state.crashes} of ${state.maxQuickCrashes - 1}); people reconnect by themselves.`,
      })
    } else if (state.state === 'running' && state.restarted) {
      this.update({ ...this.current, state: 'running', advertising: state.started.advertising, error: null })
      const signIn = this.pendingSignIn
      this.pendingSignIn = null
      if (signIn) void signIn()
      // Everyone's sockets went with the old process: presence starts over.
      void this.server.request('presence', {}).then((presence) => this.update({ ...this.current, presence }), () => undefined)
    } else if (state.state === 'gave-up') {
      this.pendingSignIn = null
      const lan = this.current.reach === 'lan'
      const what = lan ? 'Server' : 'Parley\'s server on this computer'
      const retry = lan ? 'Start hosting again to retry.' : 'Quit and reopen Parley to try again.'
      this.update({
        ...this.stoppedStatus(`${what} stopped after repeated crashes (${state.crashes} in a row, each soon after starting). ${retry}`),
        state: 'failed',
        reach: this.current.reach,
        config: this.current.config,
      })
    } else if (state.state === 'stopped') {
      this.pendingSignIn = null
    }
  }

  private stoppedStatus(error: string | null): HostStatus {
    return {
      state: 'stopped',
      reach: 'lan',
      config: this.current?.config ?? readHostSettings(this.options.settings).config,
      url: null,
      fingerprint: null,
      startAtLogin: this.options.loginItem?.enabled() ?? null,
      joinAddresses: [],
      presence: [],
      advertising: false,
      hostAccount: null,
      error,
    }
  }

  private update(status: HostStatus): void {
    this.current = status
    this.options.emit(status)
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.busy.then(work, work)
    this.busy = run.catch(() => undefined)
    return run
  }
}

function hostDisplayName(): string {
  try {
    const name = userInfo().username.trim()
    return name ? name.slice(0, 150) : 'Host'
  } catch {
    return 'Host'
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'Hosting failed.'
}
