// The typed request/response protocol between main (host-process.ts) and the server
// process (server-process.ts) over the utilityProcess message port. Admin actions have no
// network surface at all: they exist only here. Both sides validate every message with
// these schemas, so a bug or a compromised peer gets an error, never undefined behaviour.
import { z } from 'zod'
import { registrationModeSchema } from '../../src-shared/ipc/contract'

const email = z.string().trim().min(3).max(254)
const password = z.string().min(8).max(1024)

export const startConfigSchema = z.object({
  dataDir: z.string().min(1).max(4096),
  host: z.union([z.ipv4(), z.ipv6()]),
  port: z.number().int().min(0).max(65535),
  registration: registrationModeSchema,
  name: z.string().trim().min(1).max(63),
  /** Built renderer to serve to browsers at / (out/renderer). */
  webRoot: z.string().min(1).max(4096).nullable(),
  /** better-sqlite3 built for Electron's ABI; null under plain Node. */
  nativeBinding: z.string().min(1).max(4096).nullable(),
  advertise: z.boolean(),
  logLevel: z.enum(['silent', 'error', 'warn', 'info', 'debug']).default('warn'),
}).strict()
export type StartConfig = z.input<typeof startConfigSchema>

const newUser = z.object({ email, fullName: z.string().trim().min(1).max(150), password }).strict()

/** Requests main → server process, by op. */
export const requestArgSchemas = {
  start: startConfigSchema,
  stop: z.object({}).strict(),
  /** Creates the host's own account, or sets its password when it exists (the secret is main's). */
  'ensure-account': newUser,
  users: z.object({}).strict(),
  'create-user': newUser,
  'reset-password': z.object({ email, password }).strict(),
  'remove-user': z.object({ email }).strict(),
  'set-registration': z.object({ mode: registrationModeSchema }).strict(),
  'create-invite': z.object({}).strict(),
  invites: z.object({}).strict(),
  'revoke-invite': z.object({ code: z.string().trim().min(1).max(64) }).strict(),
  presence: z.object({}).strict(),
} as const
export type HostOp = keyof typeof requestArgSchemas
export type HostRequestArgs<O extends HostOp> = z.input<(typeof requestArgSchemas)[O]>

const userSchema = z.object({ id: z.number().int().positive(), email: z.string(), user_type: z.string(), full_name: z.string() })
const presenceSchema = z.array(z.object({ user: userSchema, sockets: z.number().int().positive() }))
const inviteSchema = z.object({ code: z.string(), createdAt: z.string(), usedAt: z.string().nullable(), usedBy: z.string().nullable() })

/** What each op answers with. */
export const responseValueSchemas = {
  start: z.object({
    url: z.string(), port: z.number().int().positive(), host: z.string(), advertising: z.boolean(), registration: registrationModeSchema,
    /** The TLS certificate's fingerprint; null when the server speaks plain HTTP (loopback only). */
    fingerprint: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/).nullable(),
  }),
  stop: z.null(),
  'ensure-account': userSchema,
  users: z.array(userSchema),
  'create-user': userSchema,
  'reset-password': z.null(),
  'remove-user': z.null(),
  'set-registration': registrationModeSchema,
  'create-invite': inviteSchema,
  invites: z.array(inviteSchema),
  'revoke-invite': z.null(),
  presence: presenceSchema,
} as const satisfies Record<HostOp, z.ZodType>
export type HostResponseValue<O extends HostOp> = z.infer<(typeof responseValueSchemas)[O]>

const opSchema = z.enum(Object.keys(requestArgSchemas) as [HostOp, ...HostOp[]])

export const requestSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int().nonnegative(),
  op: opSchema,
  args: z.unknown(),
}).strict()
export type HostRequest = z.infer<typeof requestSchema>

export const responseSchema = z.discriminatedUnion('ok', [
  z.object({ kind: z.literal('response'), id: z.number().int().nonnegative(), ok: z.literal(true), value: z.unknown() }).strict(),
  z.object({ kind: z.literal('response'), id: z.number().int().nonnegative(), ok: z.literal(false), error: z.string().max(2000) }).strict(),
])

export const eventSchema = z.discriminatedUnion('event', [
  z.object({ kind: z.literal('event'), event: z.literal('presence'), presence: presenceSchema }).strict(),
  z.object({ kind: z.literal('event'), event: z.literal('registration'), mode: registrationModeSchema }).strict(),
  /** mDNS failed (no multicast on this network): hosting goes on, discovery does not. */
  z.object({ kind: z.literal('event'), event: z.literal('advertise-error'), message: z.string().max(2000) }).strict(),
])
export type HostEvent = z.infer<typeof eventSchema>

export const childMessageSchema = z.union([responseSchema, eventSchema])
export type ChildMessage = z.infer<typeof childMessageSchema>
