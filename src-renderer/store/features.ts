// Which chat extensions the server offers (session.features, from its greeting). Every
// control of an extension is shown only when the server offers it; a seed server offers none.
import { FEATURES } from '../../src-shared/protocol/types'
import { useApp } from './StoreProvider'
import type { AppState } from './state'

export interface ChatFeatures {
  search: boolean
  edit: boolean
  delete: boolean
  reply: boolean
  reactions: boolean
  mentions: boolean
}

const NONE: ChatFeatures = { search: false, edit: false, delete: false, reply: false, reactions: false, mentions: false }
let lastList: readonly string[] | null = null
let lastFeatures: ChatFeatures = NONE

/** The same object while the session's list is the same one, so selectors stay stable. */
export function chatFeatures(state: Pick<AppState, 'session'>): ChatFeatures {
  const list = state.session?.features
  if (!list) return NONE
  if (list === lastList) return lastFeatures
  const offered = new Set(list)
  lastList = list
  lastFeatures = {
    search: offered.has(FEATURES.search),
    edit: offered.has(FEATURES.edit),
    delete: offered.has(FEATURES.delete),
    reply: offered.has(FEATURES.reply),
    reactions: offered.has(FEATURES.reactions),
    mentions: offered.has(FEATURES.mentions),
  }
  return lastFeatures
}

export function useChatFeatures(): ChatFeatures {
  return useApp(chatFeatures)
}
