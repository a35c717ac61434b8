import { readFileSync } from 'node:fs'
import { validateArchitecture, type Architecture } from '../../shared/schemas/architecture'

/** Reads and validates a user's architecture JSON file; errors name the file and the field. */
export function readArchitectureFile(path: string): Architecture {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new Error(`${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`)
  }
  return validateArchitecture(doc, path)
}
