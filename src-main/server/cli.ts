// Headless entry: `parley serve`, `parley users …`, `parley migrate`, `parley copy-to-postgres` (package.json scripts "serve", "parley").
import { Command } from 'commander'
import { AdminError } from './admin'
import { addMigrateCommand } from './cli/migrate-command'
import { addServeCommand } from './cli/serve-command'
import { addUsersCommand } from './cli/users-command'
import { addCopyCommand } from './copy/copy-command'
import { addInvitesCommand } from './lan/invites-command'
import { LanAdminError } from './lan/lan-admin'

const program = new Command()
  .name('parley')
  .description('Parley chat server: host chat and file sharing on your own network')
  .showHelpAfterError()
addServeCommand(program)
addUsersCommand(program)
addInvitesCommand(program)
addMigrateCommand(program)
addCopyCommand(program)

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof AdminError || error instanceof LanAdminError) console.error(`Error: ${error.message}`)
  else console.error(error instanceof Error ? `Error: ${error.message}` : error)
  process.exit(1)
})
