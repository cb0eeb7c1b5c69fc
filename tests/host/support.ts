// Helpers for the LAN host tests: the real server-process entry forked with Node (the same
// file Electron starts in a utilityProcess), REST calls and sign-ins against it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Agent, fetch as undiciFetch } from 'undici'
import { HostProcess } from '../../src-main/host/host-process'
import { nodeLauncher } from '../../src-main/host/node-launcher'
import type { HostEvent } from '../../src-main/host/protocol'
import type { HostStatus } from '../../src-shared/ipc/contract'
import { createMemorySecretStore } from '../../src-main/client/secret-store'
import { HostController, type HostControllerOptions } from '../../src-main/host/host-controller'
import type { ChildHandle } from '../../src-main/host/host-process'

export const SERVER_PROCESS_ENTRY = resolve(fileURLToPath(new URL('../../src-main/host/server-process.ts', import.meta.url)))

export interface ForkedHost {
  process: HostProcess
  events: HostEvent[]
  /** Resolves with the first event (already received or future) that matches. */
  nextEvent<T extends HostEvent>(match: (event: HostEvent) => event is T): Promise<T>
  exitCode: Promise<number | null>
}

export function forkServerProcess(): ForkedHost {
  const events: HostEvent[] = []
  const waiters: { match: (event: HostEvent) => boolean; resolve(event: HostEvent): void }[] = []
  let exited: (code: number | null) => void = () => {}
  const exitCode = new Promise<number | null>((resolve) => (exited = resolve))
  const child = nodeLauncher(SERVER_PROCESS_ENTRY)()
  const process = new HostProcess(child, (event) => {
    events.push(event)
    const index = waiters.findIndex((w) => w.match(event))
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(event)
  }, (code) => exited(code))
  return {
    process,
    events,
    exitCode,
    nextEvent<T extends HostEvent>(match: (event: HostEvent) => event is T): Promise<T> {
      const seen = events.findIndex(match)
      if (seen >= 0) return Promise.resolve(events.splice(seen, 1)[0] as T)
      return new Promise((resolve) => waiters.push({ match, resolve: resolve as (event: HostEvent) => void }))
    },
  }
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

/**
 * A fetch that trusts exactly the certificate a server keeps in its data folder (a TLS host
 * on the LAN), the way a client that pinned it would; plain fetch for http URLs.
 */
export function fetchTrusting(dataDir: string): typeof fetch {
  const agent = new Agent({ connect: { ca: readFileSync(join(dataDir, 'tls', 'cert.pem'), 'utf8') } })
  return ((input: string, init?: object) => undiciFetch(input, { ...init, dispatcher: agent })) as unknown as typeof fetch
}

export async function postJson(url: string, body: unknown, token?: string, fetchFn: typeof fetch = fetch): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetchFn(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

export async function login(server: string, email: string, password: string, fetchFn: typeof fetch = fetch): Promise<{ status: number; access?: string }> {
  const { status, body } = await postJson(`${server}/api/auth/login/`, { email, password }, undefined, fetchFn)
  return { status, access: (body.tokens as { access?: string } | undefined)?.access }
}

export interface RecordedController {
  controller: HostController
  /** Every status the controller emitted, in order. */
  statuses: HostStatus[]
  /** Every server process it launched (the last one is the current one). */
  children: ChildHandle[]
  /** Its settings store. */
  values: Map<string, unknown>
  /** kill -9 of the server process now running. */
  crash(): void
}

/**
 * A host controller as the app builds it, with the server process forked by Node, its
 * statuses and processes recorded, settings in memory; `options` adds or overrides.
 * The caller stops it (controller.shutdown()) and removes `dataDir`.
 */
export function recordedController(dataDir: string, options: Partial<HostControllerOptions> = {}, values = new Map<string, unknown>()): RecordedController {
  const statuses: HostStatus[] = []
  const children: ChildHandle[] = []
  const launch = nodeLauncher(SERVER_PROCESS_ENTRY)
  const controller = new HostController({
    launch: () => {
      const child = launch()
      children.push(child)
      return child
    },
    dataDir,
    webRoot: null,
    nativeBinding: null,
    secrets: createMemorySecretStore(),
    settings: { get: (k) => values.get(k), set: (k, v) => void values.set(k, v), delete: (k) => void values.delete(k) },
    emit: (status) => statuses.push(status),
    ...options,
  })
  return { controller, statuses, children, values, crash: () => process.kill(children.at(-1)!.pid!, 'SIGKILL') }
}
