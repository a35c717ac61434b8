/** Bundles bench-page.ts into one IIFE script (vite library mode) that the timing test injects into a blank page. */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'

export async function buildBenchPage(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'cim-bench-'))
  await build({
    configFile: false,
    logLevel: 'warn',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir,
      emptyOutDir: true,
      lib: { entry: join(import.meta.dirname, '../../renderer/perf/bench-page.ts'), formats: ['iife'], name: 'bench', fileName: () => 'bench.js' },
    },
  })
  return readFileSync(join(outDir, 'bench.js'), 'utf8')
}
