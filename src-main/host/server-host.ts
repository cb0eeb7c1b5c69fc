// What runs inside the server process: answers main's requests (protocol.ts) by starting
// and stopping the embedded server, its mDNS advertisement, and the admin operations.
// Requests run one at a time, in order, so a stop can never overtake the start before it.
import { hostname } from 'node:os'
import { ZodError } from 'zod'
import type { User } from '../../src-shared/protocol/types'
import { AdminError } from '../server/admin'
import { advertise, type Advertisement } from '../server/lan/advertise'
import { LanAdminError } from '../server/lan/lan-admin'
import { startParleyServer, type RunningParleyServer } from '../server/server'
import type { ParentChannel } from './parent-port'
import {
  requestArgSchemas, requestSchema, responseValueSchemas, startConfigSchema,
  type ChildMessage, type HostEvent, type HostOp,
} from './protocol'

interface Running {
  server: RunningParleyServer
  advertisement: Advertisement
  unsubscribe: (() => void)[]
}

export interface ServerHost {
  /** Stops the server (sockets closed with 1001) and the advertisement. */
  shutdown(): Promise<void>
}

export function serveParent(channel: ParentChannel): ServerHost {
  let running: Running | null = null
  let queue: Promise<unknown> = Promise.resolve()
  const send = (message: ChildMessage) => channel.send(message)
  const emit = (event: HostEvent) => send(event)

  const requireRunning = (): RunningParleyServer => {
    if (!running) throw new AdminError('The server is not running')
    return running.server
  }

  async function stop(): Promise<void> {
    const current = running
    running = null
    if (!current) return
    for (const off of current.unsubscribe) off()
    await Promise.allSettled([current.advertisement.stop(), current.server.close()])
  }

  const handlers: { [O in HostOp]: (args: never) => unknown } = {
    async start(raw: unknown) {
      const config = startConfigSchema.parse(raw)
      await stop()
      const server = await startParleyServer({
        dataDir: config.dataDir,
        host: config.host,
        port: config.port,
        registration: config.registration,
        name: config.name,
        logLevel: config.logLevel,
        logToStderr: true,
        ...(config.webRoot ? { webRoot: config.webRoot } : {}),
        ...(config.nativeBinding ? { databaseNativeBinding: config.nativeBinding } : {}),
      })
      const advertisement = config.advertise
        ? advertise({
          name: config.name || `Parley on ${hostname()}`,
          port: server.port,
          host: config.host,
          registration: config.registration,
          fingerprint: server.fingerprint,
          onError: (error) => emit({ kind: 'event', event: 'advertise-error', message: error.message }),
        })
        : { active: false, update() {}, stop: async () => {} }
      const unsubscribe = [
        server.lan.onPresenceChange(() => emit({ kind: 'event', event: 'presence', presence: server.lan.presence() })),
        server.lan.onRegistrationChange((mode) => {
          advertisement.update(mode)
          emit({ kind: 'event', event: 'registration', mode })
        }),
      ]
      running = { server, advertisement, unsubscribe }
      return {
        url: server.url, port: server.port, host: server.host, advertising: advertisement.active,
        registration: server.lan.registration(), fingerprint: server.fingerprint,
      }
    },
    stop: async () => {
      await stop()
      return null
    },
    async 'ensure-account'(args: { email: string; fullName: string; password: string }): Promise<User> {
      const admin = requireRunning().admin
      const existing = (await admin.listUsers()).find((user) => user.email.toLowerCase() === args.email.toLowerCase())
      if (!existing) return admin.createUser({ email: args.email, fullName: args.fullName, password: args.password, userType: 'host' })
      await admin.resetPassword(args.email, args.password)
      return existing
    },
    users: () => requireRunning().admin.listUsers(),
    'create-user': (args: { email: string; fullName: string; password: string }) => requireRunning().admin.createUser(args),
    async 'reset-password'(args: { email: string; password: string }) {
      await requireRunning().admin.resetPassword(args.email, args.password)
      return null
    },
    async 'remove-user'(args: { email: string }) {
      await requireRunning().admin.removeUser(args.email)
      return null
    },
    'set-registration'(args: { mode: 'open' | 'closed' | 'invite' }) {
      const server = requireRunning()
      server.lan.setRegistration(args.mode)
      return server.lan.registration()
    },
    'create-invite': () => requireRunning().lan.createInvite(),
    invites: () => requireRunning().lan.listInvites(),
    async 'revoke-invite'(args: { code: string }) {
      await requireRunning().lan.revokeInvite(args.code)
      return null
    },
    presence: () => requireRunning().lan.presence(),
  }

  async function handle(raw: unknown): Promise<void> {
    const parsed = requestSchema.safeParse(raw)
    if (!parsed.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : 0
      send({ kind: 'response', id, ok: false, error: 'Malformed request' })
      return
    }
    const { id, op, args } = parsed.data
    try {
      const validArgs = requestArgSchemas[op].parse(args ?? {})
      const value = await (handlers[op] as (a: unknown) => unknown)(validArgs)
      // Checked on the way out too: main relies on these shapes.
      send({ kind: 'response', id, ok: true, value: responseValueSchemas[op].parse(value) })
    } catch (error) {
      send({ kind: 'response', id, ok: false, error: describe(error) })
    }
  }

  channel.onMessage((message) => {
    queue = queue.then(() => handle(message))
  })

  return { shutdown: () => (queue = queue.then(stop)) as Promise<void> }
}

/** Words main can show the host; never a stack (it might carry paths or data). */
function describe(error: unknown): string {
  if (error instanceof AdminError || error instanceof LanAdminError) return error.message
  if (error instanceof ZodError) return `Invalid request: ${error.issues[0]?.message ?? 'bad arguments'}`
  const code = (error as { code?: unknown })?.code
  if (code === 'EADDRINUSE') return 'That port is already in use on this computer. Choose another port.'
  if (code === 'EADDRNOTAVAIL') return 'That address does not belong to this computer any more. Choose another network.'
  if (code === 'EACCES') return 'This computer does not allow Parley to use that port. Choose a port above 1024.'
  return 'The server could not do that.'
}
