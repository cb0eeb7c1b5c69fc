// The main process's IPC stack, built for plain Node with test services: plaintext test
// secrets, temp folders, scripted dialogs, a recording shell and the OS-surface recorder.
// Used by tests/client and by the Playwright desktop bridge (tests/ui/fixtures).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Conf from 'conf'
import type { EventChannel, EventPayloads } from '../../../src-shared/ipc/contract'
import type { EngineOptions } from '../../../src-shared/client/options'
import { createChatClient } from '../../../src-shared/client'
import { createOsRecorder, type OsRecorder } from '../../../src-main/client/os-recorder'
import { createFileSecretStore, createMemorySecretStore, plaintextTestCipher } from '../../../src-main/client/secret-store'
import { createMainIpc, type MainIpc } from '../../../src-main/ipc/main-ipc'
import type { AppPaths, Dialogs, ShellAccess } from '../../../src-main/ipc/services'

export interface RecordedEvent<E extends EventChannel = EventChannel> {
  event: E
  payload: EventPayloads[E]
}

export interface ScriptedDialogs extends Dialogs {
  /** Paths the next 'files:pick' returns. */
  nextPick: string[]
  /** Target of the next save dialog; null = cancelled. */
  nextSaveTarget: string | null
  /** Answer to "open this risky file?" */
  confirmRisky: boolean
  asked: { kind: 'pick' | 'save' | 'risky'; detail?: string }[]
}

export interface RecordingShell extends ShellAccess {
  opened: string[]
  external: string[]
}

export interface TestMainProcess {
  ipc: MainIpc
  /** Calls a channel exactly as the preload would, returning the envelope. */
  invoke(channel: string, ...args: unknown[]): ReturnType<MainIpc['dispatch']>
  events: RecordedEvent[]
  onEvent(listener: (event: RecordedEvent) => void): () => void
  surfaces: OsRecorder
  dialogs: ScriptedDialogs
  shell: RecordingShell
  clipboard: { png: Buffer | null; readImagePng(): Promise<Buffer | null> }
  paths: AppPaths
  /** Ends this "process" (sockets closed, database closed); the data folder stays. */
  stop(): Promise<void>
}

export async function makeTempDir(prefix = 'parley-client-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

export interface StartOptions {
  /** Reuse a data folder to simulate restarting the app. */
  dataDir: string
  engineOptions?: Partial<EngineOptions>
  /** What 'app:info' reports as the locally hosted server (the UI pre-fills it). */
  localServerUrl?: string | null
  /** 'unavailable' = a machine with no OS secret store: nothing readable may persist. */
  secretStorage?: 'plaintext-test' | 'unavailable'
  /** Roots main's transport verifies against instead of the public CAs (a test CA). */
  tlsRoots?: string[]
  /** What main's `parley:` link hand-over gives out (app/join-link.ts in the app). */
  takeJoinLink?: () => string | null
}

/** Starts the main-process side of Parley in this Node process over `dataDir`. */
export async function startTestMainProcess({ dataDir, engineOptions, localServerUrl = null, secretStorage = 'plaintext-test', tlsRoots, takeJoinLink }: StartOptions): Promise<TestMainProcess> {
  const paths: AppPaths = { data: join(dataDir, 'data'), cache: join(dataDir, 'cache') }
  const events: RecordedEvent[] = []
  const listeners = new Set<(event: RecordedEvent) => void>()
  const surfaces = createOsRecorder()
  const dialogs: ScriptedDialogs = {
    nextPick: [],
    nextSaveTarget: null,
    confirmRisky: false,
    asked: [],
    async pickFiles() {
      dialogs.asked.push({ kind: 'pick' })
      const picked = dialogs.nextPick
      dialogs.nextPick = []
      return picked
    },
    async saveAs(defaultName) {
      dialogs.asked.push({ kind: 'save', detail: defaultName })
      return dialogs.nextSaveTarget
    },
    async confirmOpenRisky(name) {
      dialogs.asked.push({ kind: 'risky', detail: name })
      return dialogs.confirmRisky
    },
  }
  const shell: RecordingShell = {
    opened: [],
    external: [],
    async openPath(path) {
      shell.opened.push(path)
      return ''
    },
    async openExternal(url) {
      shell.external.push(url)
    },
  }
  const clipboard = {
    png: null as Buffer | null,
    readImagePng: async () => clipboard.png,
  }
  const ipc = await createMainIpc({
    paths,
    secrets: secretStorage === 'unavailable' ? createMemorySecretStore() : createFileSecretStore(join(paths.data, 'secrets.json'), plaintextTestCipher),
    settingsBackend: new Conf({ cwd: paths.data, configName: 'settings', projectName: 'parley-test' }),
    surfaces,
    dialogs,
    shell,
    clipboard,
    emit: (event, payload) => {
      const recorded = { event, payload } as RecordedEvent
      events.push(recorded)
      for (const listener of listeners) listener(recorded)
    },
    appInfo: () => ({ version: 'test', platform: process.platform, localServerUrl }),
    createEngine: createChatClient,
    ...(engineOptions ? { engineOptions } : {}),
    ...(tlsRoots ? { tlsRoots } : {}),
    ...(takeJoinLink ? { takeJoinLink } : {}),
  })
  return {
    ipc,
    invoke: (channel, ...args) => ipc.dispatch(channel, args),
    events,
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    surfaces,
    dialogs,
    shell,
    clipboard,
    paths,
    stop: () => ipc.close(),
  }
}
