import { initials } from '../conversations/conversationTitle'

/** A coloured circle with initials; the hue is derived from the name so it stays stable. */
export function Avatar({ name, size = 'md' }: { name: string; size?: 'sm' | 'md' }) {
  let hash = 0
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return (
    <span className={`avatar avatar-${size} avatar-hue-${hash % 8}`} aria-hidden="true">
      {initials(name)}
    </span>
  )
}
