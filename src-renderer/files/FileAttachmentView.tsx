import { useState } from 'react'
import type { Message } from '../../src-shared/protocol/types'
import { formatFileSize } from '../../src-shared/protocol/format'
import { useActions } from '../store/StoreProvider'
import { DownloadIcon, FileIcon, OpenIcon } from '../ui/icons'
import { fileTypeLabel, isInlineImage } from './fileKind'

/** An attachment: images inline as thumbnails, anything else as a card; both with Open and Save as…. */
export function FileAttachmentView({ message }: { message: Message }) {
  const attachment = message.file_attachment
  const { openFile, saveFileAs, bridge } = useActions()
  const [imageFailed, setImageFailed] = useState(false)
  if (!attachment) return null
  const size = attachment.file_size_display || formatFileSize(attachment.file_size)
  const type = fileTypeLabel(attachment.filename, attachment.file_type)
  // Through the bridge: in the desktop app images come through main, never straight from the server.
  const imageUrl = isInlineImage(attachment.file_type) ? bridge().mediaUrl(attachment.file_url) : null
  const showImage = imageUrl !== null && !imageFailed
  return (
    <figure className={`file-card ${showImage ? 'has-image' : ''}`} aria-label={`File ${attachment.filename}`}>
      {showImage && (
        <button type="button" className="file-thumb" aria-label={`Open ${attachment.filename}`}
          onClick={() => void openFile(message.conversation, message.id)}>
          <img src={imageUrl} alt={attachment.filename} loading="lazy" decoding="async"
            referrerPolicy="no-referrer" onError={() => setImageFailed(true)} />
        </button>
      )}
      <figcaption className="file-info">
        {!showImage && <span className="file-icon"><FileIcon size={22} /></span>}
        <span className="file-text">
          <span className="file-name" title={attachment.filename}>{attachment.filename}</span>
          <span className="file-meta">{size} · {type}</span>
        </span>
        <span className="file-actions">
          <button type="button" className="icon-button" aria-label="Open" title="Open"
            onClick={() => void openFile(message.conversation, message.id)}>
            <OpenIcon size={16} />
          </button>
          <button type="button" className="icon-button" aria-label="Save as…" title="Save as…"
            onClick={() => void saveFileAs(message.conversation, message.id)}>
            <DownloadIcon size={16} />
          </button>
        </span>
      </figcaption>
    </figure>
  )
}
