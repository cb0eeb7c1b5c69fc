import { useEffect, useRef } from 'react'
import type { ReactNode } from 'react'

/**
 * A native modal <dialog>: the browser traps focus, closes on Esc, restores focus to the
 * opener and marks the rest of the page inert.
 */
export function Modal({ title, onClose, children, className }: {
  title: string
  onClose: () => void
  children: ReactNode
  className?: string
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const onCloseRef = useRef(onClose)
  onCloseRef.current = onClose
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (!dialog.open) dialog.showModal()
    const handleClose = () => onCloseRef.current()
    dialog.addEventListener('close', handleClose)
    return () => {
      dialog.removeEventListener('close', handleClose)
      if (dialog.open) dialog.close()
    }
  }, [])
  return (
    <dialog ref={ref} className={`modal ${className ?? ''}`} aria-label={title}
      onMouseDown={(event) => { if (event.target === ref.current) ref.current?.close() }}>
      {children}
    </dialog>
  )
}
