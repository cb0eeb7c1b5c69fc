// The XDG autostart entry that opens Parley at login on Linux (login-item.ts writes it).
// Pure, so a test can check it without Electron.

/** On the command line of a start at login: open hidden in the tray. */
export const OPENED_AT_LOGIN_ARG = '--opened-at-login'

/** The autostart desktop entry; Exec quoted as the Desktop Entry spec asks. */
export function autostartEntry(executable: string): string {
  const quoted = `"${executable.replace(/(["`$\\])/g, '\\$1')}"`
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Parley',
    'Comment=Keeps hosting Parley chat for your network',
    `Exec=${quoted} ${OPENED_AT_LOGIN_ARG}`,
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}
