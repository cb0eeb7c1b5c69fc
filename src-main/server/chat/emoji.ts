// The one emoji rule for reactions: exactly one emoji as people see it (one grapheme),
// either a Unicode RGI emoji (flags, skin tones, ZWJ families, keycaps) or a single
// pictographic character written without its emoji presentation selector ("❤").
import { CHAT_LIMITS } from '../limits'

// Built at run time: TypeScript's ES2023 target refuses the `v` flag in a literal, Node has it.
const RGI_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v')
const PICTOGRAPHIC = /^\p{Extended_Pictographic}\uFE0F?$/u
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' })

export function isOneEmoji(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > CHAT_LIMITS.maxEmojiChars) return false
  let count = 0
  for (const _ of graphemes.segment(value)) if (++count > 1) return false
  return RGI_EMOJI.test(value) || PICTOGRAPHIC.test(value)
}
