// Account and conversation administration, shared by the running server (RunningParleyServer.admin)
// and the CLI (which opens the storage itself, even while a server runs on it).
import type { Conversation, User } from '../../src-shared/protocol/types'
import { stripInvisible } from '../../src-shared/protocol/visible-text'
import { hashPasswordSync } from './auth/passwords'
import { toWireConversation } from './chat/serialize'
import { directKey } from './chat/direct-key'
import type { Storage } from './storage/storage'

export interface CreateUserInput {
  email: string
  password: string
  fullName: string
  userType?: string
}

export interface Admin {
  createUser(input: CreateUserInput): Promise<User>
  /** The user's tokens end, and with them their sockets (the storage announces it). */
  resetPassword(email: string, password: string): Promise<void>
  listUsers(): Promise<User[]>
  /** The user's tokens end, and with them their sockets (the storage announces it). */
  removeUser(email: string): Promise<void>
  /** Creates (or, for an existing 1:1, returns) a conversation; seen from the first participant. */
  createConversation(participantIds: number[]): Promise<Conversation>
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const MIN_PASSWORD = 8

export class AdminError extends Error {}

export interface AdminHooks {
  conversationCreated?(id: number): void | Promise<void>
}

export function createAdmin(storage: Storage, hooks: AdminHooks = {}): Admin {
  const { users, conversations } = storage

  const requireUser = async (email: string): Promise<User> => {
    const found = await users.findByEmail(email)
    if (!found?.active) throw new AdminError(`No user with email ${email}`)
    return found.user
  }

  return {
    async createUser({ email, password, fullName, userType }) {
      const cleanEmail = email.trim().toLowerCase()
      if (!EMAIL.test(cleanEmail) || cleanEmail.length > 254) throw new AdminError(`Not a valid email address: ${email}`)
      checkPassword(password)
      const name = stripInvisible(fullName).trim()
      if (!name || name.length > 150) throw new AdminError('The full name must be 1 to 150 characters')
      const type = (userType ?? 'talker').trim() || 'talker'
      if (type.length > 50) throw new AdminError('The user type must be at most 50 characters')
      const user = await users.create({ email: cleanEmail, fullName: name, userType: type, passwordHash: hashPasswordSync(password) })
      if (!user) throw new AdminError(`A user with email ${cleanEmail} already exists`)
      return user
    },
    async resetPassword(email, password) {
      checkPassword(password)
      const user = await requireUser(email)
      await users.setPasswordHash(user.id, hashPasswordSync(password))
    },
    listUsers() {
      return users.list()
    },
    async removeUser(email) {
      const user = await requireUser(email)
      await users.remove(user.id)
    },
    async createConversation(participantIds) {
      const ids = [...new Set(participantIds)]
      if (ids.length < 2) throw new AdminError('A conversation needs at least two participants')
      const known = await users.existingActive(ids)
      const missing = ids.filter((id) => !known.has(id))
      if (missing.length > 0) throw new AdminError(`No user with id ${missing.join(', ')}`)
      const key = ids.length === 2 ? directKey(ids[0] as number, ids[1] as number) : null
      let id = key ? await conversations.findDirect(key) : null
      if (id === null) {
        id = await conversations.create(ids, '', key)
        await hooks.conversationCreated?.(id)
      }
      const viewer = ids[0] as number
      const row = await conversations.summary(id, viewer)
      if (!row) throw new AdminError('Conversation vanished')
      return toWireConversation(row, await conversations.participants(id), viewer)
    },
  }
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD) throw new AdminError(`The password must have at least ${MIN_PASSWORD} characters`)
  if (password.length > 1024) throw new AdminError('The password is too long')
}
