import { useEffect, useRef, useState } from 'react'
import type { ClipboardEvent, FormEvent, KeyboardEvent } from 'react'
import { formatFileSize } from '../../src-shared/protocol/format'
import { useActions, useApp } from '../store/StoreProvider'
import { PaperclipIcon, SendIcon } from '../ui/icons'

function clipboardHasImage(event: ClipboardEvent): boolean {
  return [...event.clipboardData.items].some((item) => item.kind === 'file' && item.type.startsWith('image/'))
}

export function Composer({ conversationId, placeholder }: { conversationId: number; placeholder: string }) {
  const { sendText, setTyping, sendClipboardImage, pickAndSendFiles, sendDroppedFile, readsFilesInPage } = useActions()
  const maxFileBytes = useApp((state) => state.session?.limits.maxFileBytes ?? null)
  const [text, setText] = useState('')
  const [sending, setSending] = useState(false)
  const inputRef = useRef<HTMLTextAreaElement>(null)

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
    const sent = await sendText(conversationId, message)
    setSending(false)
    if (sent) setText('')
    inputRef.current?.focus()
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.nativeEvent.isComposing) {
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
    <form className="composer" onSubmit={submit}>
      <button type="button" className="icon-button" aria-label="Attach file" title={`Attach file${limit}`}
        onClick={() => void pickAndSendFiles(conversationId)}>
        <PaperclipIcon />
      </button>
      <textarea ref={inputRef} aria-label="Message" placeholder={placeholder} rows={1} value={text}
        onChange={(event) => {
          setText(event.target.value)
          // Every keystroke goes to the engine, which decides when the others are told
          // (first key, a refresh while it goes on, stopped when idle).
          setTyping(conversationId, event.target.value.trim() !== '')
        }}
        onKeyDown={onKeyDown} onPaste={onPaste} onBlur={() => setTyping(conversationId, false)} />
      <button type="submit" className="icon-button send-button" aria-label="Send" title="Send (Enter)" disabled={!text.trim() || sending}>
        <SendIcon />
      </button>
    </form>
  )
}
