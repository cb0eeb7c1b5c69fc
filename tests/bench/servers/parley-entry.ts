// The Parley server under test, in its own process: startParleyServer with the limits a
// scenario asks for, plus accounts and conversations made through its admin API. The
// bench runner forks this (bundled, see harness/build-entries.ts) and talks to it over IPC.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startParleyServer } from '../../../src-main/server/server'
import { failAndExit, launchOptions, onParentMessage, serverRuntime, tell } from './child-runtime'
import type { SetupRequest, SetupResult } from './ipc'

const PASSWORD = 'bench-password-1'
const options = launchOptions()

const server = await startParleyServer({
  dataDir: options.dataDir,
  port: 0,
  host: '127.0.0.1',
  logLevel: 'warn',
  limits: { socketsPerUser: options.maxSocketsPerUser },
  tls: options.tls ? 'on' : 'off',
  ...(options.cluster ?? {}),
}).catch(failAndExit)

async function setup(request: SetupRequest): Promise<SetupResult> {
  const sockets: SetupResult['sockets'] = []
  let n = 0
  for (let c = 0; c < request.conversations; c++) {
    const members: { userId: number; email: string }[] = []
    for (let u = 0; u < request.usersPerConversation; u++) {
      n++
      const email = `bench${n}@bench.local`
      const user = await server.admin.createUser({ email, password: PASSWORD, fullName: `Bench User ${n}` })
      members.push({ userId: user.id, email })
    }
    const conversation = await server.admin.createConversation(members.map((m) => m.userId))
    for (const member of members) sockets.push({ conversationId: conversation.id, userId: member.userId, email: member.email, password: PASSWORD })
  }
  return { sockets }
}

onParentMessage(async (message) => {
  if (message.type === 'setup') {
    try {
      tell({ type: 'setup-done', id: message.id, result: await setup(message.request) })
    } catch (error) {
      tell({ type: 'setup-failed', id: message.id, error: String(error instanceof Error ? error.message : error) })
    }
  } else if (message.type === 'close') {
    await server.close()
    process.exit(0)
  }
})

const ca = server.fingerprint ? readFileSync(join(options.dataDir, 'tls', 'cert.pem'), 'utf8') : undefined
tell({ type: 'ready', url: server.url, features: [], runtime: serverRuntime(), ...(ca ? { ca } : {}) })
