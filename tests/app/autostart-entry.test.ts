// Opening at login on Linux is an XDG autostart entry: it must start this executable with the
// at-login switch, whatever characters the install path holds.
import { describe, expect, it } from 'vitest'
import { autostartEntry, OPENED_AT_LOGIN_ARG } from '../../src-main/app/autostart-entry'

describe('autostart entry', () => {
  it('starts this executable, hidden, at login', () => {
    const entry = autostartEntry('/opt/Parley/parley')
    expect(entry.split('\n')).toEqual(expect.arrayContaining([
      '[Desktop Entry]', 'Type=Application', 'Name=Parley', `Exec="/opt/Parley/parley" ${OPENED_AT_LOGIN_ARG}`,
    ]))
  })

  it('quotes the path as the Desktop Entry spec asks (spaces, quotes, $, backslashes, backticks)', () => {
    expect(autostartEntry('/home/a b/"x"/$HOME/`id`\\p.AppImage')).toContain('Exec="/home/a b/\\"x\\"/\\$HOME/\\`id\\`\\\\p.AppImage" --opened-at-login')
  })
})
