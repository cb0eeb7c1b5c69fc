// The reaction picker's emoji: the protocol's quick set first, then a wider everyday set.
// Any single emoji is accepted by the server, which owns the check; this is only a menu.
import { QUICK_REACTIONS } from '../../src-shared/protocol/types'

const MORE = [
  '😀', '😃', '😄', '😁', '😆', '😅', '🤣', '🙂', '😉', '😊', '😇', '🥰',
  '😍', '🤩', '😘', '😋', '😜', '🤔', '🤨', '😐', '🙄', '😏', '😬', '😌',
  '😴', '🤯', '😎', '🤓', '😕', '😟', '🙁', '😲', '😳', '🥺', '😭', '😱',
  '😤', '😡', '🤬', '💀', '👋', '👌', '✌️', '🤞', '👏', '🙌', '🙏', '💪',
  '👎', '👀', '🧠', '💯', '🔥', '✨', '⭐', '🌟', '💡', '✅', '❌', '⚠️',
  '❓', '❗', '💬', '🎂', '🎁', '🍕', '☕', '🍻', '🚀', '🏆', '📌', '🤝',
] as const

export const PICKER_EMOJI: readonly string[] = [...QUICK_REACTIONS, ...MORE.filter((emoji) => !(QUICK_REACTIONS as readonly string[]).includes(emoji))]
