// The `ext=` declaration (docs/protocol.md "Declaring what a client reads"): which Message
// extension keys a socket or request reads. Parsed here once for the chat socket, the list
// socket, history, changes and search; chat/serialize.ts adds exactly the declared keys.
import { MESSAGE_EXTENSIONS, type MessageExtension } from '../../../src-shared/protocol/types'

export interface DeclaredExt {
  readonly names: ReadonlySet<MessageExtension>
  /** Canonical form (sorted, comma-joined): serialized frames are shared per (base URL, key). */
  readonly key: string
}

export const NO_EXT: DeclaredExt = { names: new Set(), key: '' }

/** Longest `ext` value looked at: every name fits many times over; the rest is ignored. */
const MAX_EXT_CHARS = 200

/** The declared extensions the server offers (`offered`: its advertised features); unknown names ignored. */
export function parseExt(raw: string | null, offered: readonly string[]): DeclaredExt {
  if (!raw) return NO_EXT
  const asked = new Set(raw.slice(0, MAX_EXT_CHARS).split(','))
  const names = MESSAGE_EXTENSIONS.filter((name) => asked.has(name) && offered.includes(name))
  return names.length === 0 ? NO_EXT : { names: new Set(names), key: names.join(',') }
}

/** Extensions whose changes a socket hears about as message_updated (and that carry `revision`). */
const CHANGE_EXTENSIONS: readonly MessageExtension[] = ['edit', 'delete', 'reactions']

export function readsChanges(ext: DeclaredExt): boolean {
  return CHANGE_EXTENSIONS.some((name) => ext.names.has(name))
}
