/** The built command line (scripts/build.mjs, scripts/cim.mjs): what loads at start, and a stale build rebuilt before it runs. */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '../..')
const OUT = join(ROOT, 'out/node')

/** Packages a built file imports, and the built files it imports statically and dynamically. */
function importsOf(file: string): { packages: string[]; static: string[]; dynamic: string[] } {
  const code = readFileSync(join(OUT, file), 'utf8')
  const fromClauses = [...code.matchAll(/^(?:import|export)\s[^;]*?from\s*"([^"]+)"/gms)].map((m) => m[1])
  const bare = [...code.matchAll(/^import\s*"([^"]+)"/gm)].map((m) => m[1])
  const all = [...fromClauses, ...bare]
  return {
    packages: all.filter((s) => !s.startsWith('./') && !s.startsWith('node:')),
    static: all.filter((s) => s.startsWith('./')).map((s) => s.slice(2)),
    dynamic: [...code.matchAll(/import\("\.\/([^"]+)"\)/g)].map((m) => m[1]),
  }
}

/** Packages loaded when out/node/ENTRY starts (static imports only), and those only its dynamic imports reach. */
function startPackages(entry: string): { atStart: Set<string>; later: Set<string> } {
  const walk = (roots: string[], followDynamic: boolean) => {
    const seen = new Set<string>()
    const packages = new Set<string>()
    const todo = [...roots]
    while (todo.length) {
      const f = todo.pop()!
      if (seen.has(f)) continue
      seen.add(f)
      const i = importsOf(f)
      i.packages.forEach((p) => packages.add(p))
      todo.push(...i.static, ...(followDynamic ? i.dynamic : []))
    }
    return packages
  }
  const atStart = walk([entry], false)
  return { atStart, later: new Set([...walk([entry], true)].filter((p) => !atStart.has(p))) }
}

describe('the built command line', () => {
  it('loads the database, ECharts and Chromium only in the commands that use them', () => {
    const { atStart, later } = startPackages('cim.js')
    expect(atStart.has('commander')).toBe(true)
    for (const heavy of ['better-sqlite3', 'echarts', 'playwright-core', 'vite', 'esbuild']) expect(atStart.has(heavy), heavy).toBe(false)
    expect(later.has('better-sqlite3')).toBe(true)
    expect(later.has('echarts')).toBe(true)
  })

  describe('a stale build', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cim-build-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))
    cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true })
    cpSync(join(ROOT, 'scripts'), join(dir, 'scripts'), { recursive: true })
    cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'))
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(dir, 'node_modules'))
    const cim = (...args: string[]) => spawnSync(process.execPath, [join(dir, 'scripts/cim.mjs'), ...args], { encoding: 'utf8', cwd: dir })
    const version = join(dir, 'src/shared/version.ts')

    it('is built on the first start and rebuilt, with one line on stderr, when a source changed; never run silently', () => {
      const first = cim('--version')
      expect(first.status).toBe(0)
      expect(first.stderr).toMatch(/^cim: building out\/node \(changed: \(no build yet\)\)\.\.\. done in [\d.]+ s\n$/)
      expect(first.stdout).toBe('0.1.0\n')
      expect(cim('--version').stderr).toBe('')

      writeFileSync(version, readFileSync(version, 'utf8').replace("'0.1.0'", "'9.9.9'"))
      const changed = cim('--version')
      expect(changed.stderr).toMatch(/^cim: building out\/node \(changed: src\/shared\/version\.ts\)\.\.\. done in [\d.]+ s\n$/)
      expect(changed.stdout).toBe('9.9.9\n')
      expect(cim('--version').stderr).toBe('')
    })

    it('is not rebuilt when a file is touched but its content is the same', () => {
      utimesSync(version, new Date(), new Date(Date.now() + 60_000))
      const r = cim('--version')
      expect(r.stderr).toBe('')
      expect(r.stdout).toBe('9.9.9\n')
    })

    it('that does not build fails with the file and line, exit code 2, and no JavaScript stack', () => {
      const good = readFileSync(version, 'utf8')
      writeFileSync(version, good + 'export const broken = (\n')
      const r = cim('--version')
      expect(r.status).toBe(2)
      expect(r.stderr).toContain('src/shared/version.ts:')
      expect(r.stderr).toMatch(/failed: see the errors above\n$/)
      expect(r.stderr).not.toMatch(/\n\s+at /)
      writeFileSync(version, good)
    })
  })
})
