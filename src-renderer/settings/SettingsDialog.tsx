import type { Settings } from '../../src-shared/ipc/contract'
import { useActions, useApp } from '../store/StoreProvider'
import { Modal } from '../ui/Modal'

const THEMES: { value: Settings['theme']; label: string }[] = [
  { value: 'system', label: 'Match system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
]

export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const settings = useApp((state) => state.settings)
  const session = useApp((state) => state.session)
  const { updateSettings, signOut } = useActions()
  return (
    <Modal title="Settings" onClose={onClose}>
      <div className="modal-body">
        <h2>Settings</h2>
        <fieldset className="settings-group">
          <legend>Theme</legend>
          {THEMES.map((theme) => (
            <label key={theme.value} className="check-row">
              <input type="radio" name="theme" value={theme.value} checked={settings.theme === theme.value}
                onChange={() => void updateSettings({ theme: theme.value })} />
              {theme.label}
            </label>
          ))}
        </fieldset>
        <fieldset className="settings-group">
          <legend>Behaviour</legend>
          <label className="check-row">
            <input type="checkbox" checked={settings.notifications} onChange={(e) => void updateSettings({ notifications: e.target.checked })} />
            Show notifications for new messages
          </label>
          <label className="check-row">
            <input type="checkbox" checked={settings.closeToTray} onChange={(e) => void updateSettings({ closeToTray: e.target.checked })} />
            Keep running in the tray when the window closes
          </label>
        </fieldset>
        {session && (
          <section className="settings-group account">
            <h3>Account</h3>
            <p>{session.user.full_name || session.user.email} · {session.user.email}</p>
            <p className="muted">{session.server}</p>
            {session.secretStorage !== 'os' && (
              <p className="callout callout-warning">
                {session.secretStorage === 'unavailable'
                  ? 'This computer has no secure key store, so you will need to sign in each time Parley starts.'
                  : 'Your sign-in is stored without OS encryption (test mode).'}
              </p>
            )}
            <button type="button" className="button" onClick={() => { onClose(); void signOut() }}>Sign out</button>
          </section>
        )}
        <div className="modal-actions">
          <button type="button" className="button button-primary" onClick={onClose}>Done</button>
        </div>
      </div>
    </Modal>
  )
}
