import type { OutboxItem } from '../../src-shared/ipc/contract'
import { useActions } from '../store/StoreProvider'

function working(item: OutboxItem): string {
  if (item.state === 'queued') return 'Waiting for connection'
  if (item.kind === 'delete') return 'Deleting…'
  if (item.kind === 'react') return item.reaction?.on === false ? `Removing ${item.reaction.emoji}…` : `Adding ${item.reaction?.emoji ?? 'reaction'}…`
  return 'Saving…'
}

function failed(item: OutboxItem): string {
  const what = item.kind === 'delete' ? 'Not deleted' : item.kind === 'react' ? 'Reaction not saved' : 'Edit not saved'
  return `${what}: ${item.error ?? 'the server did not accept it.'}`
}

/** Edits, deletions and reactions on this message still in main's outbox, and why one failed. */
export function PendingActions({ items }: { items: readonly OutboxItem[] }) {
  const { retrySend, discardSend } = useActions()
  return (
    <div className="pending-actions-list">
      {items.map((item) => item.state === 'failed' ? (
        <div key={item.clientId} className="action-state is-failed">
          <span role="alert">{failed(item)}</span>
          <button type="button" className="button button-small" onClick={() => void retrySend(item.clientId)}>Retry</button>
          <button type="button" className="button button-small" onClick={() => void discardSend(item.clientId)}>Discard</button>
        </div>
      ) : (
        <div key={item.clientId} className="action-state" role="status">{working(item)}</div>
      ))}
    </div>
  )
}
