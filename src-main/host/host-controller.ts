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
import { HostProcess, HostProcessError, type LaunchServerProcess } from './host-process'
import { readHostSettings, writeHostSettings } from './host-settings'
import { joinAddresses, networkChoices } from './join-addresses'
import type { HostEvent } from './protocol'

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
  /** Runs before the server process starts (the app closes its loopback-only server on the same data). */
  beforeStart?: () => Promise<void>
  log?: (level: 'info' | 'warn' | 'error', event: string, fields?: Record<string, unknown>) => void
}

export class HostController {
  private process: HostProcess | null = null
  private current: HostStatus
  private busy: Promise<unknown> = Promise.resolve()
  signInHost: HostControllerOptions['signInHost']

  constructor(private readonly options: HostControllerOptions) {
    this.signInHost = options.signInHost
    this.current = this.stoppedStatus(null)
  }

  status(): HostStatus {
    return this.current
  }

  get running(): boolean {
    return this.current.state === 'running'
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
      await this.stopProcess()
      await this.options.beforeStart?.()
      writeHostSettings(this.options.settings, { config, enabled: true })
      this.update({ ...this.stoppedStatus(null), state: 'starting', config })
      try {
        const child = new HostProcess(this.options.launch(), (event) => this.onEvent(event), (code) => this.onExit(child, code))
        this.process = child
        const started = await child.request('start', {
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
        await child.request('ensure-account', { email: HOST_ACCOUNT_EMAIL, fullName: hostDisplayName(), password })
        // Listening everywhere: this app reaches it on loopback (started.url says 127.0.0.1 then).
        const url = started.url
        // A port picked by the system (0) is kept: guests' saved addresses stay valid next time.
        const running: HostConfig = { ...config, port: started.port, registration: started.registration }
        writeHostSettings(this.options.settings, { config: running, enabled: true })
        this.update({
          ...this.current,
          state: 'running',
          config: running,
          url,
          fingerprint: started.fingerprint,
          joinAddresses: await joinAddresses(config.address, started.port, networkInterfaces(), started.fingerprint),
          presence: await child.request('presence', {}),
          advertising: started.advertising,
          hostAccount: HOST_ACCOUNT_EMAIL,
          error: null,
        })
        await this.signInOwnClient(url, password, resumed, started.fingerprint)
        return this.current
      } catch (error) {
        await this.stopProcess()
        this.update({ ...this.stoppedStatus(messageOf(error)), state: 'failed', config })
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
      await this.stopProcess()
      this.update(this.stoppedStatus(null))
      return this.current
    })
  }

  /** App quit: stop the process but remember that hosting was on. */
  shutdown(): Promise<void> {
    return this.serially(() => this.stopProcess())
  }

  async setRegistration(mode: RegistrationMode): Promise<HostStatus> {
    const applied = await this.live().request('set-registration', { mode })
    const stored = readHostSettings(this.options.settings)
    writeHostSettings(this.options.settings, { ...stored, config: { ...stored.config, registration: applied } })
    this.update({ ...this.current, config: { ...this.current.config, registration: applied } })
    return this.current
  }

  async users(): Promise<User[]> {
    return this.live().request('users', {})
  }

  async createUser(input: { email: string; fullName: string; password: string }): Promise<User> {
    return this.live().request('create-user', input)
  }

  async resetPassword(input: { email: string; password: string }): Promise<void> {
    await this.live().request('reset-password', input)
  }

  async removeUser(email: string): Promise<void> {
    if (email.trim().toLowerCase() === HOST_ACCOUNT_EMAIL) throw new HostProcessError('The host account cannot be removed while you host.')
    await this.live().request('remove-user', { email })
  }

  async createInvite(): Promise<InviteCode> {
    return this.live().request('create-invite', {})
  }

  async invites(): Promise<InviteCode[]> {
    return this.live().request('invites', {})
  }

  async revokeInvite(code: string): Promise<void> {
    await this.live().request('revoke-invite', { code })
  }

  private live(): HostProcess {
    if (!this.process?.alive || this.current.state !== 'running') throw new HostProcessError('Start hosting first.')
    return this.process
  }

  private async signInOwnClient(url: string, password: string, resumed: boolean, fingerprint: string | null): Promise<void> {
    if (!this.signInHost) return
    try {
      await this.signInHost({ server: url, email: HOST_ACCOUNT_EMAIL, password }, resumed, fingerprint)
      this.update({ ...this.current }) // again, now that the session is there: the UI reloads it
    } catch (error) {
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

  private onExit(child: HostProcess, code: number | null): void {
    if (this.process !== child) return
    this.process = null
    if (this.current.state === 'running') {
      this.options.log?.('error', 'host-process-exited', { code })
      this.update({ ...this.stoppedStatus('The server stopped unexpectedly. Start hosting again.'), state: 'failed', config: this.current.config })
    }
  }

  private async stopProcess(): Promise<void> {
    const child = this.process
    this.process = null
    if (!child?.alive) return
    // Ask first, so sockets close with 1001 and writes finish; then end the process.
    await child.request('stop', {}).catch(() => undefined)
    await child.exit()
  }

  private stoppedStatus(error: string | null): HostStatus {
    return {
      state: 'stopped',
      config: this.current?.config ?? readHostSettings(this.options.settings).config,
      url: null,
      fingerprint: null,
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
