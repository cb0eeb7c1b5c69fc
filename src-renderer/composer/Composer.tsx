import { useEffect, useMemo, useRef, useState } from 'react'
import type { ClipboardEvent, FormEvent, KeyboardEvent } from 'react'
import { formatFileSize } from '../../src-shared/protocol/format'
import type { SendOptions } from '../../src-shared/ipc/contract'
import type { User } from '../../src-shared/protocol/types'
import { displayName } from '../conversations/conversationTitle'
import { mentionedIds } from '../messages/mentions'
import { useChatFeatures } from '../store/features'
import { useActions, useApp } from '../store/StoreProvider'
import { PaperclipIcon, SendIcon } from '../ui/icons'
import { ReplyBar } from './ReplyBar'
import { useMentionCompletion } from './useMentionCompletion'

const NOBODY: User[] = []

function clipboardHasImage(event: ClipboardEvent): boolean {
  return [...event.clipboardData.items].some((item) => item.kind === 'file' && item.type.startsWith('image/'))
}

export function Composer({ conversationId, placeholder }: { conversationId: number; placeholder: string }) {
  const { sendText, setTyping, sendClipboardImage, pickAndSendFiles, sendDroppedFile, readsFilesInPage, cancelReply, startEdit } = useActions()
  const maxFileBytes = useApp((state) => state.session?.limits.maxFileBytes ?? null)
  const meId = useApp((state) => state.session?.user.id ?? 0)
  const participants = useApp((state) => state.conversations[conversationId]?.participants ?? NOBODY)
  const replyingTo = useApp((state) => state.replyingTo[conversationId])
  const history = useApp((state) => state.histories[conversationId])
  const features = useChatFeatures()
  const people = useMemo(() => participants.filter((person) => person.id !== meId), [participants, meId])
  const [text, setText] = useState('')
  const [sending, setSending] = useState(false)
  const inputRef = useRef<HTMLTextAreaElement>(null)
  const mentions = useMentionCompletion({ people, enabled: features.mentions, text, setText, inputRef })

  // Choosing Reply puts the reader in the box.
  useEffect(() => {
    if (replyingTo) inputRef.current?.focus()
  }, [replyingTo])

  useEffect(() => {
    inputRef.current?.focus()
    return () => setTyping(conversationId, false)
  }, [conversationId, setTyping])

  async function submit(event?: FormEvent) {
    event?.preventDefault()
    const message = text.trim()
    if (!message || sending) return
    // Sending ends "typing" in the engine too; no separate stop needed.
    setSending(true)
    const options: SendOptions = {}
    if (replyingTo && features.reply) options.replyTo = replyingTo.id
    if (features.mentions) options.mentions = mentionedIds(message, people)
    const sent = await sendText(conversationId, message, options)
    setSending(false)
    if (sent) {
      setText('')
      if (replyingTo) cancelReply(conversationId)
    }
    inputRef.current?.focus()
  }

  /** Up in an empty box: edit one's newest message still in view. */
  function editLast(): boolean {
    if (!features.edit || text !== '' || !history) return false
    const last = history.messages.findLast((message) => message.sender.id === meId && !message.deleted)
    if (!last) return false
    startEdit(conversationId, last.id)
    return true
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (mentions.onKeyDown(event)) return
    if (event.key === 'ArrowUp' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey && editLast()) {
      event.preventDefault()
    } else if (event.key === 'Escape' && replyingTo) {
      cancelReply(conversationId)
    } else if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      void submit()
    }
  }

  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    if (!clipboardHasImage(event)) return
    event.preventDefault()
    if (readsFilesInPage()) {
      // A browser page cannot read the OS clipboard; the paste event carries the image File.
      const image = [...event.clipboardData.files].find((file) => file.type.startsWith('image/'))
      if (image) void sendDroppedFile(conversationId, image)
      return
    }
    // Main reads the image from the OS clipboard itself: the renderer never holds the bytes.
    void sendClipboardImage(conversationId)
  }

  const limit = maxFileBytes ? ` (up to ${formatFileSize(maxFileBytes)})` : ''
  return (
    <div className="composer-area">
      {replyingTo && features.reply && <ReplyBar message={replyingTo} onCancel={() => cancelReply(conversationId)} />}
      {mentions.open && (
        <ul id={mentions.listId} role="listbox" aria-label="People to mention" className="mention-list">
          {mentions.options.map((person, index) => (
            <li key={person.id} id={mentions.optionId(person)} role="option" aria-selected={index === mentions.current}
              className={index === mentions.current ? 'is-highlighted' : ''}
              onMouseDown={(event) => { event.preventDefault(); mentions.choose(person) }}>
              <span className="mention-name">{displayName(person)}</span> <span className="muted">{person.email}</span>
            </li>
          ))}
        </ul>
      )}
      <form className="composer" onSubmit={submit}>
        <button type="button" className="icon-button" aria-label="Attach file" title={`Attach file${limit}`}
          onClick={() => void pickAndSendFiles(conversationId)}>
          <PaperclipIcon />
        </button>
        <textarea ref={inputRef} aria-label="Message" placeholder={placeholder} rows={1} value={text} {...mentions.inputProps}
          onSelect={(event) => mentions.track(event.currentTarget)}
          onChange={(event) => {
            setText(event.target.value)
            mentions.track(event.target)
            // Every keystroke goes to the engine, which decides when the others are told
            // (first key, a refresh while it goes on, stopped when idle).
            setTyping(conversationId, event.target.value.trim() !== '')
          }}
          onKeyDown={onKeyDown} onPaste={onPaste} onBlur={() => setTyping(conversationId, false)} />
        <button type="submit" className="icon-button send-button" aria-label="Send" title="Send (Enter)" disabled={!text.trim() || sending}>
          <SendIcon />
        </button>
      </form>
    </div>
  )
}
