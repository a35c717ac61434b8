#!/usr/bin/env node
// npm start: the Electron app when Electron's binary is installed, else the local web host.
// Electron needs better-sqlite3 built for its own ABI: it is fetched once (prebuild-install, online)
// into node_modules/.cache/cim-workbench and handed to main through CIM_SQLITE_BINDING, so the
// Node build that the CLI and the tests use stays as it is.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const require = createRequire(import.meta.url)
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts }).status ?? 1

let electronBinary = null
try {
  electronBinary = require('electron') // the binary's path; throws when it was never downloaded
  if (!existsSync(electronBinary)) electronBinary = null
} catch {
  electronBinary = null
}

if (!electronBinary) {
  console.log('Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD or offline): starting the local web host instead; open the URL below.')
  process.exit(run('npm', ['run', 'serve', '--', ...process.argv.slice(2)]))
}

const electronVersion = require('electron/package.json').version
const cache = join(root, 'node_modules/.cache/cim-workbench', `electron-${electronVersion}`)
const binding = join(cache, 'build/Release/better_sqlite3.node')
if (!existsSync(binding)) {
  mkdirSync(cache, { recursive: true })
  const source = join(root, 'node_modules/better-sqlite3')
  cpSync(source, cache, { recursive: true, filter: (src) => !src.startsWith(join(source, 'build')) })
  const fetched = run('npx', ['prebuild-install', '--runtime', 'electron', '--target', electronVersion], { cwd: cache })
  if (
    fetched !== 0 &&
    run('npx', ['node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'], { cwd: cache }) !== 0
  ) {
    console.error('error: could not build better-sqlite3 for Electron; `npm run serve` runs the workbench in a browser instead')
    process.exit(1)
  }
}
if (run('npx', ['electron-vite', 'build']) !== 0) process.exit(1)
process.exit(run(electronBinary, ['.', ...process.argv.slice(2)], { env: { ...process.env, CIM_SQLITE_BINDING: binding } }))
