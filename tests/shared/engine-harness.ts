// Builds the real chat engine for integration tests: Node's fetch, the `ws` WebSocket,
// an in-memory OutboxStorage (the interface main implements with SQLite/JSON), and a
// recorder of every event it emits.
import { WebSocket } from 'ws'
import { createChatClient, ENGINE_EVENTS, type ChatClient, type EngineEvent, type EngineEvents } from '../../src-shared/client'
import type { OutboxStorage, StoredOutboxEntry } from '../../src-shared/client/deps'
import type { EngineOptions } from '../../src-shared/client/options'

export class MemoryOutboxStorage implements OutboxStorage {
  readonly rows = new Map<string, StoredOutboxEntry>()
  load(): StoredOutboxEntry[] {
    return [...this.rows.values()].map((row) => structuredClone(row))
  }
  put(entry: StoredOutboxEntry): void {
    this.rows.set(entry.item.clientId, structuredClone(entry))
  }
  remove(clientId: string): void {
    this.rows.delete(clientId)
  }
}

export type Recorded = { [E in EngineEvent]: EngineEvents[E][] }

export interface Harness {
  client: ChatClient
  events: Recorded
  storage: MemoryOutboxStorage
}

const engines = new Set<ChatClient>()

/** Signs every engine made by makeEngine out (closes its sockets and timers). */
export async function stopAllEngines(): Promise<void> {
  await Promise.all([...engines].map((client) => client.signOut()))
  engines.clear()
}

/** `fetch`: the engine's HTTP (a test may hold chosen answers back). */
export function makeEngine(options: Partial<EngineOptions> = {}, storage = new MemoryOutboxStorage(), fetch: typeof globalThis.fetch = globalThis.fetch): Harness {
  const client = createChatClient({
    WebSocket,
    fetch,
    outboxStorage: storage,
    base64: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    options: { backoffBaseMs: 50, backoffCapMs: 400, ...options },
  })
  engines.add(client)
  const events = Object.fromEntries(ENGINE_EVENTS.map((c) => [c, []])) as unknown as Recorded
  for (const channel of ENGINE_EVENTS) client.on(channel, (payload) => (events[channel] as unknown[]).push(payload))
  return { client, events, storage }
}

/** Polls until `check` holds (generous limit: this is a wait, not a timing assertion). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export function isOpen(events: Recorded, scope: number | 'list'): boolean {
  const last = events.connection.filter((s) => s.scope === scope).at(-1)
  return last?.state === 'open'
}

/** Bytes as a FileSource, as main builds from fs and the browser from a File. */
export function bytesSource(name: string, bytes: Uint8Array, type = 'application/octet-stream') {
  return { name, size: bytes.length, type, read: async (start: number, end: number) => bytes.slice(start, end) }
}
