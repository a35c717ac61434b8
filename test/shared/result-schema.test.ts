import { describe, expect, it } from 'vitest'
import { layerResultSchema } from '../../src/shared/schemas/result'
import { tinyResult } from '../renderer/fixtures/results'

describe('layer result schema', () => {
  it('loads a layer of an older result, stored without its cell writes, with 0 cell writes', () => {
    const { cellWrites: _dropped, ...older } = tinyResult().layers[0]
    expect(layerResultSchema.parse(older).cellWrites).toBe(0)
    expect(layerResultSchema.parse({ ...older, cellWrites: 200 }).cellWrites).toBe(200)
  })
})
