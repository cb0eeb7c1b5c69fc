import { useRef } from 'react'
import type { KeyboardEvent } from 'react'
import { QUICK_REACTIONS } from '../../src-shared/protocol/types'
import { Modal } from '../ui/Modal'
import { PICKER_EMOJI } from './emoji'

/** Buttons per row of the grid; arrow keys move by one or by a row. */
const COLUMNS = 8

/**
 * "React": the quick set, then a wider grid. Arrow keys move between emoji (a roving
 * focus, so Tab leaves the grid in one step), Enter or a click picks, Esc closes.
 */
export function ReactionPicker({ mine, onPick, onClose }: {
  /** The emoji the reader has already used on this message (shown pressed; picking removes it). */
  mine: ReadonlySet<string>
  onPick: (emoji: string) => void
  onClose: () => void
}) {
  const gridRef = useRef<HTMLDivElement>(null)

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const buttons = [...(gridRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])]
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement)
    if (index < 0) return
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS, Home: -index, End: buttons.length - 1 - index }[event.key]
    if (step === undefined) return
    event.preventDefault()
    const next = buttons[Math.min(buttons.length - 1, Math.max(0, index + step))]
    buttons.forEach((button) => { button.tabIndex = button === next ? 0 : -1 })
    next?.focus()
  }

  const pick = (emoji: string) => {
    onPick(emoji)
    onClose()
  }

  return (
    <Modal title="Add a reaction" onClose={onClose} className="reaction-picker">
      <div className="modal-body">
        <h2 className="picker-title">Add a reaction</h2>
        <div ref={gridRef} className="emoji-grid" role="group" aria-label="Emoji" onKeyDown={onKeyDown}>
          {PICKER_EMOJI.map((emoji, index) => (
            <button key={emoji} type="button" className={`emoji-button ${index < QUICK_REACTIONS.length ? 'is-quick' : ''}`}
              tabIndex={index === 0 ? 0 : -1} autoFocus={index === 0} aria-pressed={mine.has(emoji)} title={emoji}
              onClick={() => pick(emoji)}>
              {emoji}
            </button>
          ))}
        </div>
      </div>
    </Modal>
  )
}
