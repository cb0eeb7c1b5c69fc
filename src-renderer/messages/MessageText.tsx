import { memo } from 'react'
import type { User } from '../../src-shared/protocol/types'
import { useActions } from '../store/StoreProvider'
import { linkify } from './linkify'
import { splitMentions } from './mentions'

const NOBODY: User[] = []

/**
 * Message text as text (React escapes it); URLs become links that main opens after
 * checking; the "@Name" of each mentioned person is marked, the reader's own more strongly.
 */
export const MessageText = memo(function MessageText({ text, mentioned = NOBODY, meId = 0 }: {
  text: string
  mentioned?: User[]
  meId?: number
}) {
  const { openLink } = useActions()
  if (!text) return null
  return (
    <p className="message-text">
      {linkify(text).map((segment, index) =>
        segment.kind === 'text' ? (
          mentioned.length === 0 ? segment.text : splitMentions(segment.text, mentioned, meId).map((part, at) =>
            part.kind === 'text' ? part.text : (
              <span key={`${index}-${at}`} className={`mention ${part.me ? 'is-me' : ''}`}>{part.text}</span>
            ))
        ) : (
          <a key={index} href={segment.href} rel="noreferrer noopener"
            onClick={(event) => { event.preventDefault(); void openLink(segment.href) }}>
            {segment.text}
          </a>
        ))}
    </p>
  )
})
