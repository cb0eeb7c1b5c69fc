import { memo } from 'react'
import { useActions } from '../store/StoreProvider'
import { linkify } from './linkify'

/** Message text as text (React escapes it); URLs become links that main opens after checking. */
export const MessageText = memo(function MessageText({ text }: { text: string }) {
  const { openLink } = useActions()
  if (!text) return null
  return (
    <p className="message-text">
      {linkify(text).map((segment, index) =>
        segment.kind === 'text' ? segment.text : (
          <a key={index} href={segment.href} rel="noreferrer noopener"
            onClick={(event) => { event.preventDefault(); void openLink(segment.href) }}>
            {segment.text}
          </a>
        ))}
    </p>
  )
})
