// Composition root of everything behind IPC, without Electron: stores, the local database,
// the chat runtime, attention, the handlers and the dispatcher. Electron (app/) and the
// test harnesses call this with their own services, so both run the very same code.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../../src-shared/client/deps'
import type { EngineOptions } from '../../src-shared/client/options'
import type { AppInfo, Settings } from '../../src-shared/ipc/contract'
import { createAttention, type Attention, type OsSurfaces } from '../client/attention'
import { createClientRuntime, type ClientRuntime, type CreateEngine } from '../client/client-runtime'
import { createHistoryCache } from '../client/db/history-cache'
import { openLocalDatabase } from '../client/db/open-database'
import { createOutboxStore } from '../client/db/outbox-store'
import { createPrefsStore } from '../client/db/prefs-store'
import { createSealer, loadCacheKey } from '../client/db/sealed'
import { wipeAccountDownloads } from '../client/downloads'
import { createMediaHandler, type MediaHandler } from '../client/media-protocol'
import { createOutgoingFiles } from '../client/outgoing-files'
import type { SecretStore } from '../client/secret-store'
import { createSettingsStore, type KeyValueBackend, type SettingsStore } from '../client/settings-store'
import { createPinStore } from '../client/tls/pin-store'
import { createPinnedTransport, type PinnedTransport } from '../client/tls/pinned-transport'
import { createDispatcher, type Dispatch } from '../../src-shared/ipc/rpc'
import { createInvokeHandlers, unavailableHostHandlers, type HostHandlers } from './handlers'
import type { AppPaths, ClipboardAccess, Dialogs, EventSink, ShellAccess } from './services'

export interface MainIpcOptions {
  paths: AppPaths
  secrets: SecretStore
  settingsBackend: KeyValueBackend
  surfaces: OsSurfaces
  dialogs: Dialogs
  shell: ShellAccess
  clipboard: ClipboardAccess
  emit: EventSink
  /** Facts about this install; secretStorage is filled in from `secrets`. */
  appInfo: () => Omit<AppInfo, 'secretStorage'>
  /** The join link a `parley:` link opened the app with, once. */
  takeJoinLink?: () => string | null
  createEngine: CreateEngine
  /** better-sqlite3 binary built for Electron's ABI (see scripts/prepare-electron-native.mjs). */
  nativeBinding?: string
  engineOptions?: Partial<EngineOptions>
  onSettingsChanged?: (settings: Settings) => void
  /** LAN hosting (src-main/host); without it those channels answer 'not available'. */
  host?: HostHandlers
  /** Extra roots for the transport's normal verification (tests with their own CA). */
  tlsRoots?: string[]
  log?: Logger
}

export interface MainIpc {
  dispatch: Dispatch
  runtime: ClientRuntime
  /** Every connection main makes (REST, sockets, downloads), held to the pinned certificates. */
  transport: PinnedTransport
  attention: Attention
  settings: SettingsStore
  /** Answers the renderer's parley-media:// requests (registered by app/media-scheme.ts). */
  media: MediaHandler
  /** Window focus changes: mark-read needs the conversation on screen AND focused. */
  setFocused(focused: boolean): void
  close(): Promise<void>
}

export async function createMainIpc(options: MainIpcOptions): Promise<MainIpc> {
  const { paths, secrets, emit, log = () => {} } = options
  await mkdir(paths.data, { recursive: true, mode: 0o700 })
  await mkdir(paths.cache, { recursive: true, mode: 0o700 })
  const settings = createSettingsStore(options.settingsBackend)
  // Without an OS secret store nothing readable may persist: the cache and outbox then
  // live in memory for this run only (the UI warns, SessionInfo.secretStorage).
  const persistent = secrets.kind !== 'unavailable'
  const db = openLocalDatabase({
    file: persistent ? join(paths.data, 'client.db') : ':memory:',
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  })
  const sealer = createSealer(await loadCacheKey(secrets))
  const outbox = createOutboxStore(db, sealer)
  const cache = createHistoryCache(db, sealer)
  const outgoing = createOutgoingFiles(paths.data)
  await outgoing.sweep(outbox.fileRefs())

  const transport = createPinnedTransport({ pins: createPinStore(options.settingsBackend), ...(options.tlsRoots ? { ca: options.tlsRoots } : {}) })
  let runtime: ClientRuntime | null = null
  const attention = createAttention({
    surfaces: options.surfaces,
    settings: () => settings.settings(),
    selfUserId: () => runtime?.sessionInfo()?.user.id ?? null,
    openConversation: (conversationId) => emit('open-conversation', { conversationId }),
  })
  runtime = createClientRuntime({
    createEngine: options.createEngine,
    transport,
    secrets,
    settings,
    outbox,
    cache,
    prefs: createPrefsStore(db),
    attention,
    emit,
    onAccountWiped: (accountId) => wipeAccountDownloads(paths.cache, accountId),
    onOutboxSettled: (clientId) => void outgoing.settle(clientId),
    ...(options.engineOptions ? { engineOptions: options.engineOptions } : {}),
    log,
  })
  const handlers = createInvokeHandlers({
    runtime,
    settings,
    attention,
    outgoing,
    dialogs: options.dialogs,
    shell: options.shell,
    clipboard: options.clipboard,
    paths,
    appInfo: () => ({ ...options.appInfo(), secretStorage: secrets.kind }),
    ...(options.takeJoinLink ? { takeJoinLink: options.takeJoinLink } : {}),
    host: options.host ?? unavailableHostHandlers(),
    ...(options.onSettingsChanged ? { onSettingsChanged: options.onSettingsChanged } : {}),
  })
  const active = runtime
  const media = createMediaHandler({ fetch: active.fetch, session: () => active.mediaSession() })
  await active.start()
  return {
    dispatch: createDispatcher(handlers, (event, fields) => log('error', event, fields)),
    runtime: active,
    transport,
    attention,
    settings,
    media,
    setFocused: (focused) => active.setFocused(focused),
    async close() {
      await active.shutdown()
      await secrets.settled()
      await transport.close()
      db.close()
    },
  }
}
