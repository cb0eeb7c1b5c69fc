// `parley invites create | list | revoke`: invite codes for a headless server started with
// `serve --registration invite`, straight on the data folder (safe while it runs: WAL).
import { prepareDataFolder } from '../data-folder'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { openStorage } from '../storage/open-storage'
import type { InvitesStore } from '../storage/storage'
import { LanAdminError } from './lan-admin'

interface DataFlag { data: string }

export function addInvitesCommand(program: Command): void {
  const invites = program.command('invites').description('Invite codes: each lets one person create an account (serve --registration invite)')

  invites.command('create')
    .description('Make new invite codes and print them')
    .option('--count <n>', 'how many', (value) => {
      const n = Number(value)
      if (!Number.isInteger(n) || n < 1 || n > 100) throw new LanAdminError('Use a count from 1 to 100')
      return n
    }, 1)
    .option('--data <dir>', 'data folder', './parley-data')
    .action((flags: DataFlag & { count: number }) => withInvites(flags.data, async (invites) => {
      for (let i = 0; i < flags.count; i += 1) console.log((await invites.create()).code)
    }))

  invites.command('list')
    .description('List invite codes and who used them')
    .option('--data <dir>', 'data folder', './parley-data')
    .option('--json', 'print JSON')
    .action((flags: DataFlag & { json?: boolean }) => withInvites(flags.data, async (invites) => {
      const list = await invites.list()
      if (flags.json) return console.log(JSON.stringify(list, null, 2))
      if (list.length === 0) return console.log('No invite codes yet: make one with `parley invites create`.')
      for (const invite of list) console.log(`${invite.code}\t${invite.usedAt ? `used by ${invite.usedBy ?? 'a removed account'}` : 'unused'}`)
    }))

  invites.command('revoke')
    .description('Withdraw an unused invite code')
    .argument('<code>')
    .option('--data <dir>', 'data folder', './parley-data')
    .action((code: string, flags: DataFlag) => withInvites(flags.data, async (invites) => {
      if (!(await invites.revoke(code))) throw new LanAdminError(`No unused invite code ${code}`)
      console.log(`Revoked ${code}`)
    }))
}

async function withInvites(dataDir: string, work: (invites: InvitesStore) => Promise<void>): Promise<void> {
  const folder = resolve(dataDir)
  prepareDataFolder(folder)
  const storage = await openStorage({ dataDir: folder })
  try {
    await work(storage.invites)
  } finally {
    await storage.close()
  }
}
