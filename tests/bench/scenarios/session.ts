// One server under test for one scenario: a fresh process (so its peak RSS belongs to this
// scenario alone), its users and conversations, and the clients' sockets.
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type WebSocket from 'ws'
import { MemorySampler, readProcMemory } from '../harness/proc-memory'
import { startServerProcess, type ServerProcess } from '../harness/server-process'
import { tokensFor } from '../load/auth'
import { closeAll, openChatSocket, openMany } from '../load/chat-socket'
import type { ServerKind, SetupRequest, SetupSocket } from '../servers/ipc'
import type { ScenarioContext } from './scenario'

export interface SessionSocket {
  ws: WebSocket
  conversationId: number
  userId: number
  hello: Record<string, unknown>
}

export interface Session {
  server: ServerProcess
  memory: MemorySampler
  setup: SetupSocket[]
  tokens: Map<number, string>
  dataDir: string
  /** Server RSS right after it started listening, and after accounts were made and logged in. */
  rssAtStart: number
  rssAfterSetup: number
  openSockets(plan: SetupSocket[], concurrency?: number): Promise<SessionSocket[]>
  close(): Promise<void>
}

export interface SessionOptions {
  request: SetupRequest
  maxSocketsPerUser?: number
}

export async function startSession(kind: ServerKind, context: ScenarioContext, options: SessionOptions): Promise<Session> {
  const dataDir = await mkdtemp(join(context.tmpRoot, `${kind}-`))
  const server = await startServerProcess(kind, {
    launch: { dataDir, maxSocketsPerUser: options.maxSocketsPerUser ?? 16, tls: kind === 'parley-tls' },
    profileDir: context.profileDir,
    env: serverEnv(),
  })
  const opened: WebSocket[] = []
  try {
    const rssAtStart = readProcMemory(server.pid)?.rss ?? Number.NaN
    const setup = (await server.setup(options.request)).sockets
    const tokens = await tokensFor(server, setup)
    const memory = new MemorySampler(server.pid).start()
    return {
      rssAtStart,
      rssAfterSetup: readProcMemory(server.pid)?.rss ?? Number.NaN,
      server,
      memory,
      setup,
      tokens,
      dataDir,
      async openSockets(plan, concurrency = 16) {
        return openMany(plan.length, concurrency, async (i) => {
          const entry = plan[i] as SetupSocket
          const { ws, hello } = await openChatSocket(server.url, entry.conversationId, tokens.get(entry.userId) as string)
          opened.push(ws)
          return { ws, hello, conversationId: entry.conversationId, userId: entry.userId }
        })
      },
      async close() {
        memory.stop()
        await closeAll(opened)
        await server.close()
        await rm(dataDir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await closeAll(opened)
    await server.close()
    await rm(dataDir, { recursive: true, force: true })
    throw error
  }
}

/** PARLEY_BENCH_SERVER_ENV="K=V,K=V": environment for the server processes, for experiments. */
function serverEnv(): Record<string, string> {
  const raw = process.env.PARLEY_BENCH_SERVER_ENV ?? ''
  return Object.fromEntries(raw.split(',').filter((pair) => pair.includes('=')).map((pair) => pair.split('=', 2) as [string, string]))
}
