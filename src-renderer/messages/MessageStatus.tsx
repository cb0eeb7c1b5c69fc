import type { OutboxState } from '../../src-shared/ipc/contract'
import { AlertIcon, CheckIcon, ClockIcon, DoubleCheckIcon } from '../ui/icons'

const LABELS: Record<OutboxState, string> = {
  queued: 'Waiting to send',
  sending: 'Sending',
  sent: 'Sent',
  read: 'Read',
  failed: 'Not sent',
}

/** The state of one of my messages: a small icon with its name for screen readers. */
export function MessageStatus({ state }: { state: OutboxState }) {
  const icon = state === 'read' ? <DoubleCheckIcon size={15} />
    : state === 'sent' ? <CheckIcon size={15} />
      : state === 'failed' ? <AlertIcon size={15} />
        : <ClockIcon size={14} />
  return (
    <span className={`message-status status-${state}`} role="img" aria-label={LABELS[state]} title={LABELS[state]}>
      {icon}
    </span>
  )
}
