#!/usr/bin/env node
// The Node side as plain JavaScript, and the renderer the web host serves.
//   node scripts/build.mjs           both (the `prepare` step of npm install / npm ci)
//   node scripts/build.mjs node      out/node: the command line (cim.js), the web host (serve.js), the pool's worker.js
//   node scripts/build.mjs renderer  out/renderer
//   --if-stale                       only what is missing or older than its sources
// out/node/stamp.json lists every source file the build read with its size, mtime and sha1;
// runBuilt() checks it before each start and rebuilds (saying so on stderr) when a source changed.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const ROOT = resolve(import.meta.dirname, '..')
const NODE_OUT = join(ROOT, 'out/node')
const STAMP = join(NODE_OUT, 'stamp.json')
const RENDERER_OUT = join(ROOT, 'out/renderer')

/** Entry points of out/node. worker.js sits next to the chunks: src/main/workers/entry.ts finds it there. */
const NODE_ENTRIES = { cim: 'src/main/cli/index.ts', serve: 'src/main/web/serve.ts', worker: 'src/main/workers/worker.ts' }

const sha1 = (path) => createHash('sha1').update(readFileSync(path)).digest('hex')
const seconds = (t0) => `${((performance.now() - t0) / 1000).toFixed(1)} s`

/** The source files out/node was built from that changed since (missing, or other content); all when never built. */
function changedSources() {
  if (!existsSync(STAMP)) return ['(no build yet)']
  const { inputs } = JSON.parse(readFileSync(STAMP, 'utf8'))
  return Object.entries(inputs)
    .filter(([path, was]) => {
      const file = join(ROOT, path)
      if (!existsSync(file)) return true
      const st = statSync(file)
      if (st.size !== was.size) return true
      return st.mtimeMs !== was.mtimeMs && sha1(file) !== was.sha1 // touched: compare the content
    })
    .map(([path]) => path)
}

/**
 * Bundles the Node entries with esbuild (packages stay in node_modules; dynamic imports become chunks
 * loaded only by the commands that use them). Files are written beside their final name and renamed,
 * so a process starting meanwhile never reads half a file. `clean` empties out/node first.
 */
export async function buildNode({ clean = false } = {}) {
  const { build } = await import('esbuild')
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: NODE_ENTRIES,
    outdir: NODE_OUT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: '[name]-[hash]',
    metafile: true,
    write: false,
    logLevel: 'error',
  })
  if (clean) rmSync(NODE_OUT, { recursive: true, force: true })
  mkdirSync(NODE_OUT, { recursive: true })
  for (const f of result.outputFiles) {
    const temp = `${f.path}.${process.pid}.tmp`
    writeFileSync(temp, f.contents)
    renameSync(temp, f.path)
  }
  const inputs = {}
  for (const path of [...Object.keys(result.metafile.inputs), relative(ROOT, import.meta.filename)]) {
    const st = statSync(join(ROOT, path))
    inputs[path] = { size: st.size, mtimeMs: st.mtimeMs, sha1: sha1(join(ROOT, path)) }
  }
  const temp = `${STAMP}.${process.pid}.tmp`
  writeFileSync(temp, JSON.stringify({ inputs }, null, 1))
  renameSync(temp, STAMP)
}

/** Builds out/renderer with the renderer section of electron.vite.config.ts, printing errors only. */
export async function buildRenderer() {
  const { build, loadConfigFromFile } = await import('vite')
  const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, join(ROOT, 'electron.vite.config.ts'), ROOT, 'silent')
  const { renderer } = loaded.config
  await build({
    ...renderer,
    root: join(ROOT, 'src/renderer'),
    configFile: false,
    base: './',
    logLevel: 'error',
    build: { ...renderer.build, outDir: RENDERER_OUT, emptyOutDir: true, reportCompressedSize: false },
  })
}

/** Newest modification time of any file below a folder, ms. */
function newest(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((t, e) => Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs), 0)
}

/** Why out/renderer must be built (missing, or older than src/renderer or src/shared), or null when it is current. */
function rendererStale() {
  const index = join(RENDERER_OUT, 'index.html')
  if (!existsSync(index)) return 'not built yet'
  return Math.max(newest(join(ROOT, 'src/renderer')), newest(join(ROOT, 'src/shared'))) > statSync(index).mtimeMs ? 'its sources changed' : null
}

/** Builds out/renderer when it is stale, with one progress line on stderr (npm install builds it already). */
export async function ensureRenderer() {
  const why = rendererStale()
  if (!why) return
  const t0 = performance.now()
  process.stderr.write(`building the renderer into out/renderer (${why}; about a minute)... `)
  await buildRenderer()
  process.stderr.write(`done in ${seconds(t0)}\n`)
}

/** Runs out/node/NAME.js, rebuilding out/node first (one line on stderr) when a source changed since its build. */
export async function runBuilt(name) {
  const changed = changedSources()
  if (changed.length) {
    const t0 = performance.now()
    const what = changed.length > 3 ? `${changed.slice(0, 3).join(', ')} and ${changed.length - 3} more` : changed.join(', ')
    process.stderr.write(`cim: building out/node (changed: ${what})... `)
    try {
      await buildNode()
    } catch {
      process.stderr.write('failed: see the errors above\n') // esbuild printed them with file and line
      process.exit(2)
    }
    process.stderr.write(`done in ${seconds(t0)}\n`)
  }
  await import(pathToFileURL(join(NODE_OUT, `${name}.js`)).href)
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const args = process.argv.slice(2)
  const ifStale = args.includes('--if-stale')
  const what = args.filter((a) => a !== '--if-stale')
  if (what.length > 1 || (what.length && !['node', 'renderer'].includes(what[0]))) {
    console.error(`usage: node scripts/build.mjs [node|renderer] [--if-stale] (got ${args.join(' ')})`)
    process.exit(2)
  }
  if (what[0] !== 'renderer' && (!ifStale || changedSources().length)) {
    const t0 = performance.now()
    await buildNode({ clean: !ifStale })
    console.log(`built ${relative(ROOT, NODE_OUT)} in ${seconds(t0)}`)
  }
  if (what[0] !== 'node' && (!ifStale || rendererStale())) {
    const t0 = performance.now()
    await buildRenderer()
    console.log(`built ${relative(ROOT, RENDERER_OUT)} in ${seconds(t0)}`)
  }
}
