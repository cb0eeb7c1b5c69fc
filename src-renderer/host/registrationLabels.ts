import type { RegistrationMode } from '../../src-shared/ipc/contract'

export const REGISTRATION_LABELS: Record<RegistrationMode, string> = {
  closed: 'Only accounts I create',
  invite: 'Anyone with an invite code',
  open: 'Anyone on the network',
}
