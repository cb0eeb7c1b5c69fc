// Opening a conversation paints main's cached newest page at once, then the live page
// confirms it in place. Real main-process handlers and a real embedded server; the bridge
// only holds a chosen channel's request until the test lets it through, so the order of
// "cached page" and "live page" is decided by the test, not by timing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket as NodeWebSocket } from 'ws'
import type { ParleyStore } from '../../src-renderer/store/appStore'
import { confirmCached, windowFromCache, type HistoryWindow } from '../../src-renderer/store/historyWindow'
import type { HistoryPage } from '../../src-shared/ipc/contract'
import type { Message, User } from '../../src-shared/protocol/types'
import { startEmbeddedServer, type EmbeddedServer } from '../client/support/embedded-server'
import { createUser, value, type TestUser } from '../client/support/session'
import { makeTempDir, removeDir, startTestMainProcess, type TestMainProcess } from '../client/support/test-services'
import { waitUntil } from '../client/support/wait'
import { gatedBridge } from './support/gated-bridge'
import { message } from './support/messages'

const ids = (messages: Message[]): number[] => messages.map((m) => m.id)

describe('opening a conversation from the cache, over real IPC', () => {
  let server: EmbeddedServer
  let main: TestMainProcess
  let dataDir: string
  let ada: TestUser
  let bob: User
  let parley: ParleyStore
  let bridge: ReturnType<typeof gatedBridge>
  let stop: () => void
  let archive: number
  let others: number[]

  const window = (): HistoryWindow | undefined => parley.store.getState().histories[archive]
  const post = (n: number) => server.running().chat.postMessage({ conversationId: archive, sender: bob, content: `Message ${n}` })

  /** Leaves the archive so it is no longer held in the store (only active + previous are). */
  async function leaveArchive(): Promise<void> {
    for (const id of others) {
      parley.actions.openConversation(id)
      await waitUntil(() => parley.store.getState().histories[id]?.loading === 'idle', 'another conversation')
    }
    expect(window()).toBeUndefined()
  }

  beforeAll(async () => {
    server = await startEmbeddedServer({ registration: 'open' })
    dataDir = await makeTempDir('parley-renderer-')
    main = await startTestMainProcess({ dataDir, engineOptions: { backoffBaseMs: 50, backoffCapMs: 400 } })
    ada = await createUser(server, 'Ada')
    const bobUser = await createUser(server, 'Bob')
    const cy = await createUser(server, 'Cy')
    archive = (await server.admin.createConversation([ada.id, bobUser.id])).id
    others = [(await server.admin.createConversation([ada.id, cy.id])).id, (await server.admin.createConversation([ada.id, bobUser.id, cy.id])).id]
    bob = (await server.admin.listUsers()).find((user) => user.id === bobUser.id)!
    for (let n = 1; n <= 120; n += 1) await post(n)
    globalThis.WebSocket ??= NodeWebSocket as unknown as typeof WebSocket
    const { createParleyStore } = await import('../../src-renderer/store/appStore')
    bridge = gatedBridge(main)
    parley = createParleyStore(bridge.api)
    stop = parley.start()
    await waitUntil(() => parley.store.getState().phase === 'signed-out', 'the store to start signed out')
    expect(await parley.actions.signIn({ server: server.url, email: ada.email, password: ada.password })).toBeNull()
    await waitUntil(() => parley.store.getState().conversationsLoaded, 'the conversation list')
    // A first open fills main's cache.
    parley.actions.openConversation(archive)
    await waitUntil(() => window()?.loading === 'idle', 'the first open')
    expect(window()?.cached).toBe(false)
  })

  afterEach(async () => {
    await bridge?.release()
  })

  afterAll(async () => {
    await bridge?.release()
    stop?.()
    await main?.stop()
    await server?.close()
    await removeDir(dataDir)
  })

  it('paints the cached page before the live page, live (no offline notice), then confirms it in place', async () => {
    await leaveArchive()
    // New messages while the archive is closed: main hears of them on the list socket and caches them.
    for (let n = 121; n <= 123; n += 1) await post(n)
    const cachedNow = async () => value<Message[]>(await main.invoke('messages:cached', archive))
    await waitUntil(async () => (await cachedNow()).at(-1)?.content === 'Message 123', 'main to cache the new messages')
    const cachedInMain = await cachedNow()

    bridge.hold('messages:history')
    parley.actions.openConversation(archive)
    await waitUntil(() => window()?.cached === true, 'the cached page')
    expect(bridge.waitingCount()).toBe(1) // the live page is still on its way
    expect(window()).toMatchObject({ live: true, loading: 'latest', error: null, hasOlder: false })
    expect(ids(window()!.messages)).toEqual(ids(cachedInMain))

    await bridge.release()
    await waitUntil(() => window()?.cached === false, 'the live page')
    const live = value<HistoryPage>(await main.invoke('messages:history', archive))
    expect(window()).toMatchObject({ live: true, loading: 'idle', error: null, hasOlder: true })
    expect(ids(window()!.messages)).toEqual(ids(live.messages))
  })

  it('keeps the live page when it lands before the cached one', async () => {
    await leaveArchive()
    bridge.hold('messages:cached')
    parley.actions.openConversation(archive)
    await waitUntil(() => window()?.loading === 'idle', 'the live page')
    await bridge.release()
    const cachedInMain = value<Message[]>(await main.invoke('messages:cached', archive))
    expect(window()?.cached).toBe(false)
    expect(window()?.hasOlder).toBe(true)
    expect(window()!.messages.at(-1)?.id).toBe(cachedInMain.at(-1)?.id)
  })

  it('shows the offline notice only once the live fetch fails', async () => {
    await leaveArchive()
    bridge.hold('messages:history')
    parley.actions.openConversation(archive)
    await waitUntil(() => window()?.cached === true, 'the cached page')
    expect(window()?.live).toBe(true)
    await server.stop()
    try {
      await bridge.release()
      await waitUntil(() => window()?.loading === 'idle', 'the failed live fetch')
      expect(window()).toMatchObject({ live: false, cached: false })
      expect(window()!.messages.at(-1)?.content).toBe('Message 123')
    } finally {
      await server.start()
    }
  })
})

describe('confirmCached', () => {
  const cachedWindow = windowFromCache([message(8), message(9), message(10), message(11)])

  it('takes the live page as the truth for its range and drops older cached rows', () => {
    const confirmed = confirmCached(cachedWindow, [message(10), message(11), message(12)], true, true)
    expect(ids(confirmed.messages)).toEqual([10, 11, 12])
    expect(confirmed).toMatchObject({ cached: false, live: true, hasOlder: true, loading: 'idle' })
  })

  it('keeps a message pushed while the live page was on its way, once', () => {
    const withPushed = { ...cachedWindow, messages: [...cachedWindow.messages, message(13)] }
    const confirmed = confirmCached(withPushed, [message(11), message(12), message(13)], false, true)
    expect(ids(confirmed.messages)).toEqual([11, 12, 13])
    const later = confirmCached(withPushed, [message(10), message(11), message(12)], true, true)
    expect(ids(later.messages)).toEqual([10, 11, 12, 13])
  })

  it('an empty live page empties the window', () => {
    expect(confirmCached(cachedWindow, [], false, true).messages).toEqual([])
  })
})
