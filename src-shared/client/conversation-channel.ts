// Everything about one conversation's chat socket: the connection, filling the gap from
// REST after every (re)connect, catching up on edits, deletions and reactions made while
// away (the changes endpoint, by revision), duplicate suppression by message id and by
// revision, sending the outbox (messages and actions) in order with one frame in flight,
// acknowledging it from the broadcast, and typing.
import type { Message, SendExtensions } from '../protocol/types'
import { FEATURES } from '../protocol/types'
import { chooseUploadMethod, type UploadServerFrame } from '../protocol/upload'
import { Connection, type ConnectionDeps } from './connection'
import type { FileSource } from './deps'
import { ChangeTracker, trimOldest } from './change-tracker'
import { tracksRevisions } from './extensions'
import { FileTransfer } from './file-transfer'
import type { Outbox, OutboxEntry } from './outbox'
import type { EstablishedInfo, ServerEvent } from './parse-frame'
import type { AuthedRest } from './rest'
import { findSeedEcho } from './seed-match'
import { socketUrl } from './server-url'
import { TypingSender } from './typing'
import type { ConnectionStatus, UploadProgress } from './types'

export interface ChannelHost {
  connection: ConnectionDeps
  rest: AuthedRest
  outbox: Outbox
  userId: number
  base64: (bytes: Uint8Array) => string
  /** Features from the session (server info probe); a socket's own list wins when given. */
  sessionFeatures: string[]
  chunkThresholdBytes: number
  openFile(entry: OutboxEntry): Promise<FileSource | null>
  accessToken(): Promise<string>
  onUnauthorized(): Promise<boolean>
  message(message: Message): void
  /** A known message changed, with a revision newer than any announced for it before. */
  updated(message: Message): void
  /** The `ext` to declare on the socket URL (extensions.ts); read at every (re)connect. */
  ext(): string | undefined
  typing(conversationId: number, userId: number, userEmail: string, isTyping: boolean): void
  typingEnded(conversationId: number): void
  receipt(conversationId: number, userId: number): void
  status(status: ConnectionStatus): void
  upload(progress: UploadProgress): void
  notFound(conversationId: number): void
  /** What a Parley server advertised on this socket (the session may not know yet: offline start). */
  serverFeatures(features: string[]): void
}

const MAX_GAP_PAGES = 20

export class ConversationChannel {
  readonly connection: Connection
  /** Ids seen, to drop duplicates (socket vs gap fill vs resend answers). */
  private readonly seen = new Set<number>()
  private newestId: number | null = null
  /** Which changes (revisions) are news, and where the changes catch-up starts. */
  private readonly changes = new ChangeTracker()
  private features: string[]
  private limits: EstablishedInfo['limits'] = null
  private inFlight: OutboxEntry | null = null
  private transfer: FileTransfer | null = null
  private ackTimer: unknown = null
  private syncing = false
  /** The `ext` this socket was opened with: reopened when the server turns out to offer more. */
  private openedExt: string | undefined
  private readonly typingSender: TypingSender

  constructor(
    readonly conversationId: number,
    private readonly host: ChannelHost,
  ) {
    this.features = host.sessionFeatures
    const { clock, options } = host.connection
    this.typingSender = new TypingSender(clock, (isTyping) => this.connection.send({ type: 'typing', is_typing: isTyping }), options.typingRefreshMs, options.typingIdleMs)
    this.connection = new Connection(conversationId, host.connection, {
      url: async () => {
        this.openedExt = host.ext()
        return socketUrl(host.rest.server, `/ws/chat/${conversationId}/`, await host.accessToken(), this.openedExt)
      },
      onReady: (info) => this.onReady(info),
      onEvent: (event) => this.onEvent(event),
      onDown: () => this.onDown(),
      onUnauthorized: () => host.onUnauthorized(),
      onNotFound: () => this.onNotFound(),
      onStatus: (status) => host.status(status),
    })
  }

  get clientIdSupported(): boolean {
    return this.features.includes(FEATURES.clientId)
  }

  start(): void {
    this.connection.start()
  }

  stop(): void {
    this.typingSender.stop()
    this.clearAck()
    this.transfer?.cancel()
    this.transfer = null
    if (this.inFlight) this.requeueInFlight()
    this.connection.stop()
  }

  setTyping(isTyping: boolean): void {
    this.typingSender.input(isTyping)
  }

  markRead(): boolean {
    return this.connection.send({ type: 'mark_read' })
  }

  /** Messages the app loaded itself (history): remembered so the socket does not repeat them. */
  noteKnown(messages: Message[], isNewestPage: boolean): void {
    for (const message of messages) {
      this.remember(message.id)
      this.changes.note(message)
    }
    if (isNewestPage) this.newestId = Math.max(this.newestId ?? 0, ...messages.map((m) => m.id))
  }

  /**
   * A message learned elsewhere (the list socket) while this socket may be closed. Not
   * counted as the newest known id: the list socket sends only the latest of a burst, so
   * the gap fill must still fetch the ones before it.
   */
  external(message: Message): void {
    if (message.conversation !== this.conversationId) return
    // The list socket also reports an edited or deleted last message: a change, not a new one.
    if (message.edited_at || message.deleted) {
      this.applyUpdate(message)
      return
    }
    if (this.seen.has(message.id) || this.connection.isReady) return
    this.remember(message.id)
    this.host.message(message)
  }

  /** New outbox work: send it if we can, or get connected. */
  kick(): void {
    if (this.connection.isReady) this.flush()
    else this.connection.retryNow()
  }

  /** Cancels an item: stops its transfer if it is the one in flight. */
  cancel(entry: OutboxEntry): void {
    if (this.inFlight !== entry) return
    this.transfer?.cancel()
    this.transfer = null
    this.clearAck()
    this.inFlight = null
    this.flush()
  }

  private onReady(info: EstablishedInfo | null): void {
    // A frame still "in flight" went out on a socket that is gone (dropped by networkDown
    // without a close event): its answer will never come on this one. The gap fill settles
    // a stored message; anything else is resent with the same client_id.
    this.clearAck()
    if (this.inFlight) this.requeueInFlight()
    if (info && (info.parley || info.features.length)) {
      this.features = info.features
      this.host.serverFeatures(info.features)
      // Started offline, this socket opened before the server's extensions were known: it
      // would get seed-shaped Messages and no message_updated. Reopen it declaring them.
      if (this.host.ext() !== this.openedExt) {
        this.connection.reset('declaring the server\'s message extensions')
        return
      }
    }
    if (info?.limits) this.limits = info.limits
    this.typingSender.reset()
    void this.sync(info?.revision ?? null)
  }

  private onDown(): void {
    this.changes.down()
    this.clearAck()
    this.host.typingEnded(this.conversationId)
    if (this.inFlight) this.requeueInFlight()
  }

  private requeueInFlight(): void {
    const entry = this.inFlight
    if (!entry) return
    this.inFlight = null
    this.transfer = null
    entry.maybeDelivered = true
    if (entry.item.state === 'sending') this.host.outbox.setState(entry, 'queued')
  }

  private onNotFound(): void {
    for (const entry of this.host.outbox.pending(this.conversationId)) {
      if (entry.item.state !== 'failed') this.host.outbox.setState(entry, 'failed', { error: 'This conversation is no longer available.' })
    }
    this.inFlight = null
    this.host.notFound(this.conversationId)
  }

  /** After every (re)connect: fetch what the socket missed, settle the outbox, then send. */
  /** `revision`: the conversation's newest, from this socket's greeting (null when the server sends none). */
  private async sync(revision: number | null): Promise<void> {
    if (this.syncing) return
    this.syncing = true
    try {
      const missed = await this.fetchMissed()
      // What the app has shown is the baseline, read after the fetch: a history page loaded
      // meanwhile (a conversation being opened) makes what is newer than it news. With none,
      // this first fill is the initial load: recorded, not announced.
      const baseline = this.newestId
      for (const message of missed) this.receive(message, baseline === null || message.id <= baseline)
      this.newestId ??= 0
      await this.catchUpChanges(revision)
    } catch (error) {
      this.host.connection.log('warn', 'gap_fill.failed', { conversation: this.conversationId, error: (error as Error).message })
      if (!this.connection.isReady) return
    } finally {
      this.syncing = false
    }
    this.flush()
  }

  private async fetchMissed(): Promise<Message[]> {
    const limit = this.host.connection.options.gapPageSize
    const known = this.newestId
    const collected: Message[] = []
    let before: number | undefined
    for (let page = 0; page < MAX_GAP_PAGES; page += 1) {
      const messages = await this.host.rest.messages(this.conversationId, { limit, ...(before !== undefined ? { before } : {}) })
      const fresh = known === null ? messages : messages.filter((m) => m.id > known)
      collected.unshift(...fresh)
      const oldest = messages[0]
      // With no known baseline the newest page is enough to settle the outbox.
      if (known === null || !oldest || messages.length < limit || oldest.id <= known) break
      before = oldest.id
    }
    return collected
  }

  /** Edits, deletions and reactions made while the socket was down (change-tracker.ts). */
  private async catchUpChanges(revision: number | null): Promise<void> {
    if (!tracksRevisions(this.features)) {
      this.changes.untracked()
      return
    }
    await this.changes.sync(revision, (since) => this.host.rest.changes(this.conversationId, since), (message) => this.applyUpdate(message))
  }

  /** A changed message from the socket, the changes endpoint or the list socket: announced when news. */
  private applyUpdate(message: Message): void {
    if (message.conversation === this.conversationId && this.changes.isNews(message)) this.host.updated(message)
  }

  /** message_updated: the change itself, and the acknowledgement of our action that made it. */
  private onUpdated(message: Message, clientId: string | null): void {
    const entry = clientId ? this.host.outbox.get(clientId) : undefined
    // Only the answer about an action's own target settles it (not a message's item, not another message).
    const answers = entry !== undefined && entry.item.conversationId === this.conversationId && entry.item.targetId === message.id
    if (entry && answers && entry.item.state !== 'sent' && entry.item.state !== 'read') {
      const wasInFlight = this.inFlight === entry
      if (wasInFlight) {
        this.clearAck()
        this.inFlight = null
      }
      this.host.outbox.setState(entry, 'sent')
      if (wasInFlight && !this.syncing) this.flush()
    }
    this.applyUpdate(message)
  }

  private onEvent(event: ServerEvent): void {
    switch (event.kind) {
      case 'message':
        this.receive(event.message, false)
        return
      case 'history': {
        const quiet = this.newestId === null
        for (const message of event.messages) this.receive(message, quiet)
        return
      }
      case 'updated':
        this.changes.live(event.message)
        this.onUpdated(event.message, event.clientId)
        return
      case 'typing':
        if (event.userId !== this.host.userId) this.host.typing(this.conversationId, event.userId, event.userEmail, event.isTyping)
        return
      case 'receipt':
        if (event.userId !== this.host.userId) {
          this.host.outbox.markRead(this.conversationId)
          this.host.receipt(this.conversationId, event.userId)
        }
        return
      case 'error':
        this.onServerError(event.message, event.clientId, event.code, event.expectedOffset)
        return
      case 'upload':
        this.onUpload(event.frame)
        return
      case 'conversation':
      case 'established':
      case 'pong':
      case 'ignored':
        return
    }
  }

  /** One Message from the socket, gap fill or history frame; `quiet` ones are recorded, not announced. */
  private receive(message: Message, quiet: boolean): void {
    if (message.conversation !== this.conversationId || this.seen.has(message.id)) return
    this.remember(message.id)
    this.changes.note(message)
    this.newestId = Math.max(this.newestId ?? 0, message.id)
    const entry = message.sender.id === this.host.userId ? this.ownEntry(message) : null
    if (!quiet) this.host.message(message)
    if (entry && entry.item.state !== 'sent' && entry.item.state !== 'read') {
      const wasInFlight = this.inFlight === entry
      if (wasInFlight) {
        this.clearAck()
        this.transfer?.delivered()
        this.inFlight = null
        this.transfer = null
      }
      this.host.outbox.setState(entry, 'sent', { messageId: message.id })
      if (wasInFlight && !this.syncing) this.flush()
    }
  }

  private ownEntry(message: Message): OutboxEntry | null {
    if (message.client_id) {
      const entry = this.host.outbox.get(message.client_id)
      return entry && entry.item.conversationId === this.conversationId ? entry : null
    }
    if (this.clientIdSupported) return null
    return findSeedEcho(message, this.inFlight, this.host.outbox.pending(this.conversationId))
  }

  private remember(id: number): void {
    this.seen.add(id)
    trimOldest(this.seen)
  }

  private onServerError(message: string, clientId: string | null, code: string | null, expectedOffset: number | null): void {
    let entry: OutboxEntry | null = null
    if (clientId) entry = this.host.outbox.get(clientId) ?? null
    // Seed servers name no item; with one frame in flight the error is about it.
    else if (!this.clientIdSupported) entry = this.inFlight
    if (!entry || entry.item.conversationId !== this.conversationId) {
      this.host.connection.log('warn', 'server.error', { conversation: this.conversationId, code })
      return
    }
    if (code === 'wrong_offset' && expectedOffset !== null && this.transfer) {
      this.transfer.onWrongOffset(expectedOffset)
      return
    }
    this.finishFailed(entry, message)
  }

  private finishFailed(entry: OutboxEntry, reason: string): void {
    if (this.inFlight === entry) {
      this.clearAck()
      this.inFlight = null
      this.transfer = null
    }
    if (entry.item.state !== 'sent' && entry.item.state !== 'read') this.host.outbox.setState(entry, 'failed', { error: reason })
    this.flush()
  }

  private onUpload(frame: UploadServerFrame): void {
    if (this.transfer && this.inFlight?.item.clientId === frame.client_id) {
      this.armAck()
      this.transfer.onUploadFrame(frame)
    }
  }

  /** Sends the oldest queued item, if nothing is in flight and the socket is ready. */
  private flush(): void {
    if (this.inFlight || this.syncing || !this.connection.isReady) return
    const entry = this.host.outbox.nextQueued(this.conversationId)
    if (!entry) return
    if (!this.clientIdSupported) entry.afterMessageId = this.newestId ?? 0
    entry.maybeDelivered = false
    this.inFlight = entry
    this.host.outbox.setState(entry, 'sending')
    if (entry.item.kind === 'file') {
      void this.sendFile(entry)
      return
    }
    const frame: Record<string, unknown> = { ...frameFor(entry, this.features), ...(this.clientIdSupported ? { client_id: entry.item.clientId } : {}) }
    if (!this.connection.send(frame)) {
      this.requeueInFlight()
      return
    }
    this.armAck()
  }

  private async sendFile(entry: OutboxEntry): Promise<void> {
    const source = entry.source ?? (await this.host.openFile(entry))
    if (this.inFlight !== entry) return
    if (!source) {
      this.finishFailed(entry, 'The file is no longer available. Attach it again.')
      return
    }
    entry.source = source
    const method = chooseUploadMethod(source.size, { features: this.features, ...(this.limits ? { limits: this.limits } : {}) }, this.host.chunkThresholdBytes)
    if (method.kind === 'too_large') {
      this.finishFailed(entry, `This file is too large for the server (limit ${Math.floor(method.maxBytes / (1024 * 1024))} MB).`)
      return
    }
    const { clock } = this.host.connection
    const transfer = new FileTransfer(
      { clientId: entry.item.clientId, caption: entry.item.text, source, withClientId: this.clientIdSupported, extensions: sendExtensions(entry) },
      {
        send: (frame) => (frame instanceof Uint8Array ? this.connection.sendBinary(frame) : this.connection.send(frame)),
        bufferedAmount: () => this.connection.bufferedAmount,
        progress: (sentBytes, totalBytes) =>
          this.host.upload({ clientId: entry.item.clientId, conversationId: this.conversationId, sentBytes, totalBytes }),
        bytesDone: () => {
          if (this.transfer === transfer) this.armAck()
        },
        fail: (reason) => {
          if (this.transfer === transfer) this.finishFailed(entry, reason)
        },
        later: (callback, ms) => {
          clock.setTimeout(() => {
            if (this.transfer === transfer) callback()
          }, ms)
        },
      },
    )
    this.transfer = transfer
    if (method.kind === 'chunked') {
      this.armAck()
      transfer.startChunked()
    } else {
      await transfer.sendSeed(this.host.base64)
    }
  }

  // No broadcast in time means the socket (or the server) is stuck: reopen, then the
  // reconnect's gap fill tells whether the item was stored before it is sent again.
  private armAck(): void {
    this.clearAck()
    const { clock, options } = this.host.connection
    this.ackTimer = clock.setTimeout(() => {
      this.ackTimer = null
      if (this.inFlight) this.connection.reset('no acknowledgement from the server')
    }, options.ackTimeoutMs)
  }

  private clearAck(): void {
    if (this.ackTimer !== null) this.host.connection.clock.clearTimeout(this.ackTimer)
    this.ackTimer = null
  }
}

/** reply_to and mentions of a new message, only when set (a seed server never sees them). */
function sendExtensions({ item }: OutboxEntry): SendExtensions {
  return { ...(item.replyTo !== null ? { reply_to: item.replyTo } : {}), ...(item.mentions.length ? { mentions: item.mentions } : {}) }
}

/** The frame of a text message or of an action (edit, delete, react), without client_id. */
function frameFor(entry: OutboxEntry, features: readonly string[]): Record<string, unknown> {
  const { item } = entry
  switch (item.kind) {
    case 'text':
    case 'file':
      return { type: 'chat_message', message: item.text, ...sendExtensions(entry) }
    case 'edit':
      // An edit's mentions are those still in the new text: always given (even none, which
      // clears them) where the server reads mentions.
      return { type: 'edit_message', message_id: item.targetId, message: item.text, ...(features.includes(FEATURES.mentions) ? { mentions: item.mentions } : {}) }
    case 'delete':
      return { type: 'delete_message', message_id: item.targetId }
    case 'react':
      return { type: 'react', message_id: item.targetId, emoji: item.reaction?.emoji, on: item.reaction?.on }
  }
}
