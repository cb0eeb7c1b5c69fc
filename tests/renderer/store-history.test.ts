// The renderer store over the real main-process IPC handlers and a real embedded server:
// scrolling up a long conversation past the 600-message cap drops the newest pages, and
// scrolling back down refetches them, catching up on a message that arrived meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket as NodeWebSocket } from 'ws'
import type { ParleyApi } from '../../src-renderer/bridge'
import type { ParleyStore } from '../../src-renderer/store/appStore'
import { MAX_WINDOW, atLatest, type HistoryWindow } from '../../src-renderer/store/historyWindow'
import type { EventChannel, EventPayloads } from '../../src-shared/ipc/contract'
import type { User } from '../../src-shared/protocol/types'
import { startEmbeddedServer, type EmbeddedServer } from '../client/support/embedded-server'
import { createUser, type TestUser } from '../client/support/session'
import { makeTempDir, removeDir, startTestMainProcess, type TestMainProcess } from '../client/support/test-services'
import { waitUntil } from '../client/support/wait'
import { toMediaUrl } from '../../src-shared/ipc/media-url'

const TOTAL = 1000

/** `window.parley` as the preload exposes it, over the in-process main side. */
function bridgeTo(main: TestMainProcess): ParleyApi {
  return {
    async invoke(channel, ...args) {
      const envelope = await main.invoke(channel, ...args)
      if (envelope.ok) return envelope.value as never
      throw Object.assign(new Error(`[${envelope.error.code}] ${envelope.error.message}`), { code: envelope.error.code })
    },
    on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void) {
      return main.onEvent((recorded) => {
        if (recorded.event === event) listener(recorded.payload as EventPayloads[E])
      })
    },
    mediaUrl: toMediaUrl,
  }
}

function numbers(window: HistoryWindow): number[] {
  return window.messages.map((message) => Number(/^Message (\d+)$/.exec(message.content)?.[1] ?? -1))
}

describe('renderer store history over real IPC', () => {
  let server: EmbeddedServer
  let main: TestMainProcess
  let dataDir: string
  let ada: TestUser
  let bobUser: User
  let conversationId: number
  let parley: ParleyStore
  let stop: () => void

  beforeAll(async () => {
    server = await startEmbeddedServer({ registration: 'open' })
    dataDir = await makeTempDir('parley-renderer-')
    main = await startTestMainProcess({ dataDir })
    ada = await createUser(server, 'Ada')
    const bob = await createUser(server, 'Bob')
    conversationId = (await server.admin.createConversation([ada.id, bob.id])).id
    bobUser = (await server.admin.listUsers()).find((user) => user.id === bob.id)!
    const chat = server.running().chat
    for (let start = 1; start <= TOTAL; start += 250) {
      await Promise.all(Array.from({ length: 250 }, (_, i) => chat.postMessage({ conversationId, sender: bobUser, content: `Message ${start + i}` })))
    }
    // The renderer's bridge module also builds the browser bridge, whose socket class extends
    // the page's WebSocket when loaded; Node 20 has no global one, so lend it ws's first.
    globalThis.WebSocket ??= NodeWebSocket as unknown as typeof WebSocket
    const { createParleyStore } = await import('../../src-renderer/store/appStore')
    parley = createParleyStore(bridgeTo(main))
    stop = parley.start()
    await waitUntil(() => parley.store.getState().phase === 'signed-out', 'the store to start signed out')
    expect(await parley.actions.signIn({ server: server.url, email: ada.email, password: ada.password })).toBeNull()
    await waitUntil(() => parley.store.getState().conversationsLoaded, 'the conversation list')
  })

  afterAll(async () => {
    stop?.()
    await main?.stop()
    await server?.close()
    await removeDir(dataDir)
  })

  it('drops the newest pages past the cap and refetches them, then catches up', async () => {
    const window = () => parley.store.getState().histories[conversationId]!
    parley.actions.openConversation(conversationId)
    await waitUntil(() => window().loading === 'idle' && window().messages.length > 0, 'the latest page')
    expect(numbers(window()).at(-1)).toBe(TOTAL)

    // Scroll up: each loadOlder prepends a page; past MAX_WINDOW the newest pages go.
    while (window().messages[0] && numbers(window())[0]! > TOTAL - 700 + 1) {
      await parley.actions.loadOlder(conversationId)
      expect(window().messages.length).toBeLessThanOrEqual(MAX_WINDOW)
    }
    const deep = numbers(window())
    expect(deep).toHaveLength(MAX_WINDOW)
    expect(deep[0]).toBe(TOTAL - 700 + 1)
    expect(deep.at(-1)).toBe(TOTAL - 100)
    expect(window().droppedNewer.length).toBeGreaterThan(0)
    expect(atLatest(window())).toBe(false)

    // A message arrives while the reader is deep in history: not appended to the window.
    const posted = await server.running().chat.postMessage({ conversationId, sender: bobUser, content: `Message ${TOTAL + 1}` })
    await waitUntil(() => parley.store.getState().conversations[conversationId]?.last_message_preview === `Message ${TOTAL + 1}`, 'the live message event')
    expect(numbers(window()).at(-1)).toBe(TOTAL - 100)
    expect(posted).toBeTruthy()

    // Scroll back down: the dropped pages come back, then the latest page catches up.
    let fetches = 0
    while (!atLatest(window())) {
      await parley.actions.loadNewer(conversationId)
      fetches += 1
      expect(fetches).toBeLessThan(10)
      const held = numbers(window())
      expect(held.length).toBeLessThanOrEqual(MAX_WINDOW)
      expect(held.at(-1)! - held[0]!).toBe(held.length - 1)
    }
    await waitUntil(() => window().loading === 'idle', 'the catch-up to finish')
    const latest = numbers(window())
    expect(latest.at(-1)).toBe(TOTAL + 1)
    expect(latest.length).toBeLessThanOrEqual(MAX_WINDOW)
    expect(latest.at(-1)! - latest[0]!).toBe(latest.length - 1)
    expect(window().hasOlder).toBe(true)

    // Older pages after coming back down load again from where the window now starts.
    const before = numbers(window())[0]!
    await parley.actions.loadOlder(conversationId)
    expect(numbers(window())[0]).toBe(before - 50)
  })

  it('jump to latest from deep history restarts the window at the newest page', async () => {
    const window = () => parley.store.getState().histories[conversationId]!
    for (let i = 0; i < 14; i += 1) await parley.actions.loadOlder(conversationId)
    expect(atLatest(window())).toBe(false)
    await parley.actions.jumpToLatest(conversationId)
    expect(atLatest(window())).toBe(true)
    expect(numbers(window()).at(-1)).toBe(TOTAL + 1)
    expect(window().messages.length).toBe(50)
  })
})
