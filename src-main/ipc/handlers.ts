// One handler per contract channel. Arguments arrive already validated by the dispatcher;
// what is checked here is what a schema cannot know (file on disk, size limit, link scheme,
// whether the message exists). Electron-free: every OS access is an injected service.
import { invokeSchemas, type AppInfo, type InvokeChannel, type Settings } from '../../src-shared/ipc/contract'
import type { Message } from '../../src-shared/protocol/types'
import type { Attention } from '../client/attention'
import type { ClientRuntime } from '../client/client-runtime'
import { cachedDownload, downloadTo } from '../client/downloads'
import { isRiskyToOpen, sanitizeFileName } from '../client/file-names'
import { openFileSource } from '../client/file-source'
import type { OutgoingFiles } from '../client/outgoing-files'
import type { SettingsStore } from '../client/settings-store'
import type { InvokeHandlers } from '../../src-shared/ipc/rpc'
import { parleyError } from '../../src-shared/client/errors'
import type { AppPaths, ClipboardAccess, Dialogs, ShellAccess } from './services'

export interface HandlerServices {
  runtime: ClientRuntime
  settings: SettingsStore
  attention: Attention
  outgoing: OutgoingFiles
  dialogs: Dialogs
  shell: ShellAccess
  clipboard: ClipboardAccess
  paths: AppPaths
  appInfo: () => AppInfo
  /** The join link a `parley:` link brought, handed out once (app/join-link.ts); none in tests. */
  takeJoinLink?: () => string | null
  host: HostHandlers
  /** The app shell applies theme and close-to-tray when they change. */
  onSettingsChanged?: (settings: Settings) => void
}

/** LAN hosting and discovery channels: handled by src-main/host, injected here. */
export type HostChannel = Extract<InvokeChannel, `host:${string}` | `discovery:${string}`>
export type HostHandlers = Pick<InvokeHandlers, HostChannel>

/** Where no host is wired (tests, web fallback): every host channel answers in words. */
export function unavailableHostHandlers(): HostHandlers {
  const unavailable = () => {
    throw parleyError('forbidden', 'Hosting a server is not available in this window.')
  }
  const channels = Object.keys(invokeSchemas).filter((c) => c.startsWith('host:') || c.startsWith('discovery:'))
  return Object.fromEntries(channels.map((channel) => [channel, unavailable])) as unknown as HostHandlers
}

const EXTERNAL_SCHEMES = new Set(['http:', 'https:', 'mailto:'])

export function createInvokeHandlers(services: HandlerServices): InvokeHandlers {
  const { runtime, settings, attention, outgoing, dialogs, shell, clipboard, paths } = services

  async function sendPath(conversationId: number, path: string, caption?: string) {
    const limits = runtime.sessionInfo()?.limits
    const source = await openFileSource(path, limits?.maxFileBytes ?? null)
    const item = runtime.engine().sendFile(conversationId, source, caption || undefined, path)
    outgoing.track(item.clientId, path)
    return item
  }

  /** The message with a file, fresh from the server (its signed URL may have expired). */
  async function attachmentOf(conversationId: number, messageId: number): Promise<Message> {
    const page = await runtime.history(conversationId, messageId + 1)
    const message = page.messages.find((m) => m.id === messageId)
    if (!message?.file_attachment) throw parleyError('not-found', 'That file is not in this conversation.')
    return message
  }

  function downloadRequest(message: Message) {
    const session = runtime.engine().session
    return { attachment: message.file_attachment!, server: session?.server ?? '', accessToken: session?.tokens.access ?? null, fetch: runtime.fetch }
  }

  return {
    ...services.host,
    'app:info': () => services.appInfo(),
    'app:take-join-link': () => services.takeJoinLink?.() ?? null,
    'session:get': () => runtime.sessionInfo(),
    'session:sign-in': (credentials) => runtime.signIn(credentials),
    'session:register': (form) => runtime.register(form),
    'session:sign-out': () => runtime.signOut(),
    'session:probe-server': (url) => runtime.probeServer(url),
    'tls:certificate': (server) => runtime.certificateRefusal(server),
    'tls:trust': ({ server, fingerprint }) => runtime.trustCertificate(server, fingerprint),
    'accounts:list': () => runtime.accounts(),
    'accounts:switch': (accountId) => runtime.switchAccount(accountId),
    'conversations:list': () => runtime.listConversations(),
    'conversations:create': (userIds) => runtime.engine().createConversation(userIds),
    'users:search': (query) => runtime.engine().searchUsers(query),
    'messages:history': (conversationId, beforeId) => runtime.history(conversationId, beforeId),
    'messages:cached': (conversationId) => runtime.cachedLatest(conversationId),
    'messages:around': (conversationId, messageId) => runtime.historyAround(conversationId, messageId),
    'messages:search': (query) => runtime.engine().search(query),
    'messages:send-text': (conversationId, text, options) => runtime.engine().sendText(conversationId, text, options),
    'messages:edit': (conversationId, messageId, text, mentions) => runtime.engine().editMessage(conversationId, messageId, text, mentions),
    'messages:delete': (conversationId, messageId) => runtime.engine().deleteMessage(conversationId, messageId),
    'messages:react': (conversationId, messageId, emoji, on) => runtime.engine().react(conversationId, messageId, emoji, on),
    'messages:send-file': (conversationId, path, caption) => sendPath(conversationId, path, caption),
    async 'messages:send-clipboard-image'(conversationId, caption) {
      runtime.engine() // signed in, before touching the clipboard
      const png = await clipboard.readImagePng()
      if (!png || png.length === 0) return null
      const path = await outgoing.writeClipboardImage(png)
      try {
        return await sendPath(conversationId, path, caption)
      } catch (error) {
        await outgoing.sweep(runtime.outboxFileRefs())
        throw error
      }
    },
    'outbox:retry': (clientId) => runtime.engine().retry(clientId),
    async 'outbox:discard'(clientId) {
      runtime.engine().discard(clientId)
      await outgoing.settle(clientId)
    },
    'outbox:list': (conversationId) => runtime.engine().outbox(conversationId),
    // Presence hints arrive as the UI changes screens, also around sign-out: without a
    // session they simply have nothing to do.
    'conversation:view'(conversationId) {
      if (runtime.sessionInfo()) runtime.engine().setViewing(conversationId)
      attention.view(conversationId)
    },
    'conversation:typing'(conversationId, isTyping) {
      if (runtime.sessionInfo()) runtime.engine().setTyping(conversationId, isTyping)
    },
    'conversation:prefs': () => runtime.engine().conversationPrefs(),
    'conversation:set-muted': (conversationId, muted) => runtime.engine().setMuted(conversationId, muted),
    'conversation:set-unread': (conversationId, unread) => runtime.engine().setMarkedUnread(conversationId, unread),
    'files:pick': () => dialogs.pickFiles(),
    async 'files:open'(conversationId, messageId) {
      const message = await attachmentOf(conversationId, messageId)
      const name = message.file_attachment!.filename
      if (isRiskyToOpen(name) && !(await dialogs.confirmOpenRisky(name))) return
      const path = await cachedDownload(paths.cache, runtime.accountId(), messageId, downloadRequest(message))
      const failure = await shell.openPath(path)
      if (failure) throw parleyError('internal', `Couldn't open ${name}: ${failure}`)
    },
    async 'files:save-as'(conversationId, messageId) {
      const message = await attachmentOf(conversationId, messageId)
      const target = await dialogs.saveAs(sanitizeFileName(message.file_attachment!.filename))
      if (!target) return false
      await downloadTo(target, downloadRequest(message))
      return true
    },
    async 'links:open'(raw) {
      let url: URL
      try {
        url = new URL(raw)
      } catch {
        return false
      }
      if (!EXTERNAL_SCHEMES.has(url.protocol)) return false
      await shell.openExternal(url.href)
      return true
    },
    'connection:retry-now': () => runtime.engine().retryNow(),
    'settings:get': () => settings.settings(),
    'settings:set'(patch) {
      const next = settings.updateSettings(Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)))
      services.onSettingsChanged?.(next)
      return next
    },
  }
}
