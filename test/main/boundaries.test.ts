/**
 * The layering rules of conventions.md (habit 5), checked on the sources: the compute core imports
 * no Electron, file system, workers, database or app code; the renderer imports only src/shared and
 * its own files. eslint's no-restricted-imports says the same; this test makes it explicit and also
 * follows the renderer's runtime imports through src/shared. Imports are read with the TypeScript
 * parser (type-only imports, re-exports, import() and require() included).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const SRC = join(ROOT, 'src')
const CORE = join(SRC, 'main', 'core')
const RENDERER = join(SRC, 'renderer')
const SHARED = join(SRC, 'shared')

interface ImportRef {
  /** The module specifier as written. */
  spec: string
  line: number
  /** `import type`, `export type`, or every named element marked `type` (erased from the output). */
  typeOnly: boolean
}

/** The script blocks of a .vue file (template and style cannot import modules). */
function vueScripts(text: string): string {
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n')
}

/** Every module a TypeScript (or .vue) source imports. */
export function importsOf(fileName: string, text: string): ImportRef[] {
  const code = fileName.endsWith('.vue') ? vueScripts(text) : text
  const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const refs: ImportRef[] = []
  const add = (node: ts.Node, spec: ts.Expression | undefined, typeOnly: boolean) => {
    if (spec && ts.isStringLiteralLike(spec)) refs.push({ spec: spec.text, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, typeOnly })
  }
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined
      const allTypes = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)))
      add(node, node.moduleSpecifier, allTypes)
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.isTypeOnly)
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly)
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    ) {
      add(node, node.arguments[0], false)
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal as ts.Expression, true)
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return refs
}

/** Files below `dir` whose names end with one of `endings`. */
function filesBelow(dir: string, endings: string[]): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && endings.some((x) => e.name.endsWith(x)))
    .map((e) => join(e.parentPath, e.name))
    .sort()
}

const inside = (path: string, dir: string) => path === dir || path.startsWith(dir + sep)
const isRelative = (spec: string) => spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..'
const isNodeBuiltin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0])
/** The package a bare specifier names ("@scope/pkg/sub" -> "@scope/pkg"). */
const packageOf = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/')

/** Modules the compute core must never import (the same list as eslint.config.js). */
const CORE_FORBIDDEN_MODULES = ['electron', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'better-sqlite3', 'worker_threads', 'node:worker_threads']

/** Why a core file's import breaks the rule, or null when it is allowed. */
export function coreViolation(file: string, spec: string): string | null {
  if (CORE_FORBIDDEN_MODULES.includes(spec) || CORE_FORBIDDEN_MODULES.includes(packageOf(spec)))
    return `imports "${spec}" (the core is pure: no Electron, files, workers or database)`
  if (!isRelative(spec)) return null
  const target = resolve(dirname(file), spec)
  if (inside(target, CORE) || inside(target, SHARED)) return null
  return `imports ${relative(ROOT, target)} (the core depends on no app code: db, ipc, web, workers, io, jobs...)`
}

/** Why a renderer file's import breaks the rule, or null when it is allowed. */
export function rendererViolation(file: string, spec: string): string | null {
  if (packageOf(spec) === 'electron') return `imports "${spec}" (the renderer reaches main only through its api client)`
  if (isNodeBuiltin(spec)) return `imports the Node module "${spec}"`
  if (!isRelative(spec)) {
    if (/^(src\/|@?\/?main\b|@?\/?preload\b)/.test(spec)) return `imports "${spec}" by a non-relative path into the app`
    return null // an npm package
  }
  const target = resolve(dirname(file), spec)
  if (inside(target, RENDERER) || inside(target, SHARED)) return null
  return `imports ${relative(ROOT, target)} (only src/shared and its own files are allowed)`
}

/** Why a src/shared file's import breaks the rule (the ground floor imports nothing of the app above it), or null. */
export function sharedViolation(file: string, spec: string): string | null {
  if (packageOf(spec) === 'electron' || isNodeBuiltin(spec)) return `imports "${spec}" (src/shared runs in the renderer too)`
  if (!isRelative(spec)) {
    if (/^(src\/|@?\/?(main|preload|renderer)\b)/.test(spec)) return `imports "${spec}" by a non-relative path into the app`
    return null // an npm package
  }
  const target = resolve(dirname(file), spec)
  if (inside(target, SHARED)) return null
  return `imports ${relative(ROOT, target)} (src/shared imports only src/shared, even for types)`
}

/** "path:line: why" for every import of `files` that `violation` rejects. */
function violations(files: string[], violation: (file: string, spec: string) => string | null): string[] {
  return files.flatMap((file) =>
    importsOf(file, readFileSync(file, 'utf8')).flatMap((ref) => {
      const why = violation(file, ref.spec)
      return why ? [`${relative(ROOT, file)}:${ref.line}: ${why}`] : []
    }),
  )
}

/** The source file a relative specifier names (with the endings vite resolves), or null. */
function resolveSource(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec.replace(/\?.*$/, ''))
  for (const candidate of [base, `${base}.ts`, `${base}.vue`, join(base, 'index.ts')])
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  return null
}

describe('the import scanner', () => {
  it('finds every kind of import, with type-only ones marked', () => {
    const src = `
      import { a } from './a'
      import type { B } from '../b'
      import { type C, type D } from "./cd"
      import { type E, f } from './ef'
      import G from 'g-package'
      import * as fs from 'node:fs'
      import 'side-effect'
      export { h } from './h'
      export type { I } from './i'
      export * from '../../db/history'
      const j = await import('../ipc/dispatch')
      const k = require('worker_threads')
      type L = import('./l').L
      // import { commented } from 'not-an-import'
      const s = "import { x } from 'in-a-string'"
    `
    expect(importsOf('x.ts', src).map((r) => [r.spec, r.typeOnly])).toEqual([
      ['./a', false],
      ['../b', true],
      ['./cd', true],
      ['./ef', false],
      ['g-package', false],
      ['node:fs', false],
      ['side-effect', false],
      ['./h', false],
      ['./i', true],
      ['../../db/history', false],
      ['../ipc/dispatch', false],
      ['worker_threads', false],
      ['./l', true],
    ])
    expect(importsOf('x.ts', src)[10].line).toBe(12)
  })

  it('reads the script blocks of .vue files', () => {
    const vue = `<template><div>import x from 'no'</div></template>
<script setup lang="ts">
import { ref } from 'vue'
import type { JobInfo } from '../../../shared/ipc'
</script>
<style>.a { color: red }</style>`
    expect(importsOf('X.vue', vue).map((r) => [r.spec, r.typeOnly, r.line])).toEqual([
      ['vue', false, 2],
      ['../../../shared/ipc', true, 3],
    ])
  })

  it('the rules reject what they should and allow the rest', () => {
    /** A list of import specifiers written as words. */
    const words = (text: string) => text.trim().split(/\s+/)
    const coreFile = join(CORE, 'mapping', 'pes.ts')
    for (const spec of words(`
      electron fs node:fs node:fs/promises better-sqlite3 worker_threads node:worker_threads
      ../../db/history ../../ipc/dispatch ../../web/server ../../workers/pool ../../io/network-file ../../jobs/manager ../../workbench ../../../renderer/src/main
    `))
      expect(coreViolation(coreFile, spec), spec).not.toBeNull()
    for (const spec of ['./placement', '../arch/spec', '../../../shared/experiment', 'zod', 'protobufjs', 'node:crypto'])
      expect(coreViolation(coreFile, spec), spec).toBeNull()

    const rendererFile = join(RENDERER, 'src', 'stores', 'runs.ts')
    for (const spec of words(`
      electron node:path fs path ../../../main/core/pipeline ../../../preload/index ../../../../src/main/db/history ../../../../package.json
    `))
      expect(rendererViolation(rendererFile, spec), spec).not.toBeNull()
    for (const spec of ['vue', 'pinia', 'naive-ui', '@tanstack/vue-virtual', '../api', './jobs', '../../../shared/ipc', '../../index.html'])
      expect(rendererViolation(rendererFile, spec), spec).toBeNull()

    const sharedFile = join(SHARED, 'schemas', 'spec.ts')
    for (const spec of words(`
      ../../main/core/model/ir ../../main/db/records ../../renderer/src/api ../../preload/index electron node:crypto src/main/core/pipeline
    `))
      expect(sharedViolation(sharedFile, spec), spec).not.toBeNull()
    for (const spec of ['zod', 'echarts', './network', '../strategies', '../charts/format']) expect(sharedViolation(sharedFile, spec), spec).toBeNull()
  })
})

describe('layering of the sources', () => {
  it('src/main/core imports no electron, fs, better-sqlite3, worker_threads, nor db/ipc/web/workers/io or other app code', () => {
    const files = filesBelow(CORE, ['.ts'])
    expect(files.length).toBeGreaterThan(20)
    expect(violations(files, coreViolation)).toEqual([])
  })

  it('src/shared imports nothing from src/main, src/preload or src/renderer (not even types), nor Node or Electron', () => {
    const files = filesBelow(SHARED, ['.ts'])
    expect(files.length).toBeGreaterThan(10)
    expect(violations(files, sharedViolation)).toEqual([])
  })

  it('src/renderer imports only src/shared, its own files and browser packages', () => {
    const files = filesBelow(RENDERER, ['.ts', '.vue'])
    expect(files.length).toBeGreaterThan(5)
    expect(violations(files, rendererViolation)).toEqual([])
  })

  it('what the renderer loads at run time through src/shared stays out of main, preload, electron and Node', () => {
    // Type-only imports are erased; every other import ends up in the renderer bundle.
    const seen = new Set<string>()
    const problems: string[] = []
    const queue = filesBelow(RENDERER, ['.ts', '.vue'])
    while (queue.length) {
      const file = queue.shift()!
      if (seen.has(file)) continue
      seen.add(file)
      for (const ref of importsOf(file, readFileSync(file, 'utf8'))) {
        if (ref.typeOnly) continue
        const why = rendererViolation(file, ref.spec)
        if (why) problems.push(`${relative(ROOT, file)}:${ref.line}: ${why}`)
        else if (isRelative(ref.spec)) {
          const target = resolveSource(file, ref.spec)
          if (target && inside(target, SHARED)) queue.push(target)
        }
      }
    }
    expect([...seen].some((f) => inside(f, SHARED))).toBe(true) // the renderer does use src/shared at run time
    expect(problems).toEqual([])
  })
})
