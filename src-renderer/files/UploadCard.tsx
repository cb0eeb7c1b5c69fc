import type { OutboxItem, UploadProgress } from '../../src-shared/ipc/contract'
import { formatFileSize } from '../../src-shared/protocol/format'
import { FileIcon } from '../ui/icons'
import { fileTypeLabel } from './fileKind'

/** A file on its way: name, size, a progress bar while uploading. Cancel lives with the row's actions. */
export function UploadCard({ item, progress }: { item: OutboxItem; progress: UploadProgress | undefined }) {
  const file = item.file
  if (!file) return null
  const total = progress?.totalBytes || file.size
  const sent = Math.min(progress?.sentBytes ?? 0, total)
  const percent = total > 0 ? Math.round((sent / total) * 100) : 0
  const uploading = item.state === 'sending' || item.state === 'queued'
  return (
    <figure className="file-card" aria-label={`File ${file.name}`}>
      <figcaption className="file-info">
        <span className="file-icon"><FileIcon size={22} /></span>
        <span className="file-text">
          <span className="file-name" title={file.name}>{file.name}</span>
          <span className="file-meta">
            {uploading && progress ? `${formatFileSize(sent)} of ${formatFileSize(total)}` : formatFileSize(file.size)} · {fileTypeLabel(file.name, file.type)}
          </span>
        </span>
      </figcaption>
      {uploading && (
        <progress className="progress-bar" aria-label={`Uploading ${file.name}`} max={100} value={percent}>
          {percent}%
        </progress>
      )}
    </figure>
  )
}
