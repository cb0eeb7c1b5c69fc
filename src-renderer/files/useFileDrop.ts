import { useRef, useState } from 'react'
import type { DragEvent } from 'react'
import { formatFileSize } from '../../src-shared/protocol/format'

export interface DroppedFile {
  file: File
  path: string | null
}

function carriesFiles(event: DragEvent): boolean {
  return [...event.dataTransfer.types].includes('Files')
}

/** The too-large files, in words, before anything is uploaded. Null when all fit. */
export function oversizeMessage(files: readonly File[], maxBytes: number | null): string | null {
  if (maxBytes === null) return null
  const tooBig = files.filter((file) => file.size > maxBytes)
  if (tooBig.length === 0) return null
  const names = tooBig.map((file) => `${file.name} (${formatFileSize(file.size)})`).join(', ')
  return `${names} ${tooBig.length > 1 ? 'are' : 'is'} larger than this server accepts: up to ${formatFileSize(maxBytes)} per file.`
}

/**
 * Drag-and-drop of files onto an area. dragenter/dragleave fire for every child crossed, so
 * a depth counter decides when the drop target is really left.
 */
export function useFileDrop(onFiles: (files: File[]) => void) {
  const [active, setActive] = useState(false)
  const depth = useRef(0)
  return {
    active,
    handlers: {
      onDragEnter(event: DragEvent) {
        if (!carriesFiles(event)) return
        event.preventDefault()
        depth.current += 1
        setActive(true)
      },
      onDragOver(event: DragEvent) {
        if (!carriesFiles(event)) return
        event.preventDefault()
        event.dataTransfer.dropEffect = 'copy'
      },
      onDragLeave(event: DragEvent) {
        if (!carriesFiles(event)) return
        depth.current = Math.max(0, depth.current - 1)
        if (depth.current === 0) setActive(false)
      },
      onDrop(event: DragEvent) {
        if (!carriesFiles(event)) return
        event.preventDefault()
        depth.current = 0
        setActive(false)
        const files = [...event.dataTransfer.files]
        if (files.length > 0) onFiles(files)
      },
    },
  }
}
