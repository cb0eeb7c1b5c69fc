// Starts a bench server entry as a forked child (its own process and event loop), waits
// for it to listen, and gives the runner its URL, its pid for /proc sampling, a setup
// call, CPU profiles of measured phases (`profileDir`), and a clean shutdown.
import { fork, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { SERVER_PROCESS_ENV } from '../../../src-main/server/server-process-env'
import { builtEntry } from './build-entries'
import { trustServer } from '../load/tls-clients'
import type { ChildToParent, ParentToChild, ServerKind, ServerLaunchOptions, ServerRuntime, SetupRequest, SetupResult } from '../servers/ipc'

const START_TIMEOUT_MS = 30_000
const SETUP_TIMEOUT_MS = 300_000
const CLOSE_TIMEOUT_MS = 10_000

export interface ServerProcess {
  kind: ServerKind
  /** http://127.0.0.1:PORT (https for parley-tls) */
  url: string
  pid: number
  features: string[]
  runtime: ServerRuntime
  setup(request: SetupRequest): Promise<SetupResult>
  /** With --profile: starts a CPU profile of the server; the returned stop() writes it. Else no-op. */
  profile(label: string): Promise<() => Promise<void>>
  close(): Promise<void>
}

export interface StartOptions {
  launch: ServerLaunchOptions
  /** Write a V8 CPU profile of the server process into this folder when it exits. */
  profileDir?: string
  /** Node flags for the child, e.g. a larger heap. */
  extraNodeArgs?: string[]
  /** Extra environment for the child (e.g. glibc malloc tuning experiments). */
  env?: Record<string, string>
}

export async function startServerProcess(kind: ServerKind, options: StartOptions): Promise<ServerProcess> {
  const execArgv = [...(options.extraNodeArgs ?? [])]
  const child = fork(await builtEntry(kind), [JSON.stringify(options.launch)], {
    execArgv,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    // Parley runs with the environment every shipped launcher gives it (the CLI's serve, the desktop host).
    env: { ...process.env, NODE_ENV: 'production', ...(kind !== 'baseline' ? SERVER_PROCESS_ENV : {}), ...options.env },
  })
  const ready = await waitFor(child, (m) => (m.type === 'ready' ? m : undefined), START_TIMEOUT_MS, `${kind} server start`)
  if (ready.ca) trustServer(ready.url, ready.ca)
  runtimes.set(kind, ready.runtime)
  let nextId = 1
  return {
    kind,
    url: ready.url,
    pid: child.pid as number,
    features: ready.features,
    runtime: ready.runtime,
    async setup(request) {
      const id = nextId++
      send(child, { type: 'setup', id, request })
      return waitFor(
        child,
        (m) => {
          if (m.type === 'setup-done' && m.id === id) return m.result
          if (m.type === 'setup-failed' && m.id === id) throw new Error(`${kind} setup failed: ${m.error}`)
          return undefined
        },
        SETUP_TIMEOUT_MS,
        `${kind} setup`,
      )
    },
    async profile(label) {
      const dir = options.profileDir
      if (!dir) return async () => undefined
      const call = async (message: ParentToChild & { id: number }): Promise<void> => {
        send(child, message)
        await waitFor(child, (m) => (m.type === 'profile-done' && m.id === message.id ? true : undefined), SETUP_TIMEOUT_MS, `${kind} profile`)
      }
      await call({ type: 'profile-start', id: nextId++ })
      return () => call({ type: 'profile-stop', id: nextId++, file: join(dir, `${label}-${kind}.cpuprofile`) })
    },
    close: () => closeChild(child),
  }
}

const runtimes = new Map<ServerKind, ServerRuntime>()

/** The runtime each kind of server reported when it last started (for the reports). */
export function serverRuntimes(): Partial<Record<ServerKind, ServerRuntime>> {
  return Object.fromEntries(runtimes)
}

function send(child: ChildProcess, message: ParentToChild): void {
  child.send(message)
}

/** Resolves with the first message `pick` maps to a value; rejects on exit, fatal or timeout. */
function waitFor<T>(child: ChildProcess, pick: (m: ChildToParent) => T | undefined, timeoutMs: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${what}: no answer in ${timeoutMs} ms`)), timeoutMs)
    const onMessage = (message: ChildToParent): void => {
      if (message.type === 'fatal') return finish(new Error(`${what}: ${message.error}`))
      try {
        const value = pick(message)
        if (value !== undefined) finish(null, value)
      } catch (error) {
        finish(error as Error)
      }
    }
    const onExit = (code: number | null): void => finish(new Error(`${what}: server process exited (${code})`))
    function finish(error: Error | null, value?: T): void {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
      if (error) reject(error)
      else resolve(value as T)
    }
    child.on('message', onMessage)
    child.on('exit', onExit)
  })
}

async function closeChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  if (child.connected) send(child, { type: 'close' })
  const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_TIMEOUT_MS)
  await exited
  clearTimeout(timer)
}
