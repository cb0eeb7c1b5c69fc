// `parley users add | list | reset-password | remove`: account administration straight
// on the data folder's storage (safe while a server runs on it: SQLite WAL), or on a
// cluster's PostgreSQL with --database (every node hears of a removal or a new password).
import { prepareDataFolder } from '../data-folder'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { AdminError, createAdmin, type Admin } from '../admin'
import { openStorage } from '../storage/open-storage'
import { readStdin } from './parse'

interface DataFlag { data: string; database?: string }

const DATABASE_HELP = 'a cluster\'s PostgreSQL (postgres://…) instead of the data folder\'s SQLite'
interface PasswordFlags { password?: string; passwordStdin?: boolean }

export function addUsersCommand(program: Command): void {
  const users = program.command('users').description('Manage accounts')

  users.command('add')
    .description('Create an account')
    .requiredOption('--email <email>')
    .requiredOption('--name <full name>')
    .option('--password <password>', 'the password (visible in shell history: prefer --password-stdin)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--type <user type>', 'user_type', 'talker')
    .option('--data <dir>', 'data folder', './parley-data')
    .option('--database <url>', DATABASE_HELP)
    .action(async (flags: DataFlag & PasswordFlags & { email: string; name: string; type: string }) => {
      const password = await passwordFrom(flags)
      await withAdmin(flags, async (admin) => {
        const user = await admin.createUser({ email: flags.email, password, fullName: flags.name, userType: flags.type })
        console.log(`Created user ${user.id} ${user.email}`)
      })
    })

  users.command('list')
    .description('List accounts')
    .option('--data <dir>', 'data folder', './parley-data')
    .option('--database <url>', DATABASE_HELP)
    .option('--json', 'print JSON')
    .action(async (flags: DataFlag & { json?: boolean }) => {
      await withAdmin(flags, async (admin) => {
        const list = await admin.listUsers()
        if (flags.json) return console.log(JSON.stringify(list, null, 2))
        if (list.length === 0) return console.log('No users yet: add one with `parley users add`.')
        for (const user of list) console.log(`${user.id}\t${user.email}\t${user.user_type}\t${user.full_name}`)
      })
    })

  users.command('reset-password')
    .description('Set a new password')
    .requiredOption('--email <email>')
    .option('--password <password>')
    .option('--password-stdin', 'read the password from standard input')
    .option('--data <dir>', 'data folder', './parley-data')
    .option('--database <url>', DATABASE_HELP)
    .action(async (flags: DataFlag & PasswordFlags & { email: string }) => {
      const password = await passwordFrom(flags)
      await withAdmin(flags, async (admin) => {
        await admin.resetPassword(flags.email, password)
        console.log(`Password changed for ${flags.email}`)
      })
    })

  users.command('remove')
    .description('Remove an account (its messages stay in their conversations)')
    .requiredOption('--email <email>')
    .option('--data <dir>', 'data folder', './parley-data')
    .option('--database <url>', DATABASE_HELP)
    .action(async (flags: DataFlag & { email: string }) => {
      await withAdmin(flags, async (admin) => {
        await admin.removeUser(flags.email)
        console.log(`Removed ${flags.email}`)
      })
    })
}

async function passwordFrom(flags: PasswordFlags): Promise<string> {
  if (flags.passwordStdin) return readStdin()
  if (flags.password !== undefined) return flags.password
  throw new AdminError('Give --password or --password-stdin')
}

async function withAdmin(flags: DataFlag, work: (admin: Admin) => Promise<void>): Promise<void> {
  const folder = resolve(flags.data)
  prepareDataFolder(folder)
  const storage = await openStorage({ dataDir: folder, database: flags.database })
  try {
    await work(createAdmin(storage))
  } finally {
    await storage.close()
  }
}
