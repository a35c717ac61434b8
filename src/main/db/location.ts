/** Where the history database lives by default; no database code, so commands can name it without loading SQLite. */
import { homedir } from 'node:os'
import { join } from 'node:path'

/** Help text of every --db option. */
export const DB_HELP = 'history database (default: $CIM_DB or the user data folder)'

/**
 * The default history file: $CIM_DB when set, else history.sqlite in the user's data folder
 * (Linux: $XDG_DATA_HOME or ~/.local/share; macOS: ~/Library/Application Support; Windows: %APPDATA%).
 * The Electron app passes app.getPath('userData') instead.
 */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.CIM_DB !== undefined) return env.CIM_DB
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env.XDG_DATA_HOME ?? join(home, '.local', 'share'))
  return join(base, 'cim-workbench', 'history.sqlite')
}
