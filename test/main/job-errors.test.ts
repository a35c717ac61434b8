import { describe, expect, it } from 'vitest'
import { failedRuns } from '../../src/main/jobs/manager'

describe('failedRuns', () => {
  it("is a single run's own error", () => {
    expect(failedRuns(1, 1, 'tinyyolov4 cannot be built at input 100x100: height and width must be multiples of 32')).toBe(
      'tinyyolov4 cannot be built at input 100x100: height and width must be multiples of 32',
    )
  })

  it('counts the failures of several runs and quotes the first', () => {
    expect(failedRuns(2, 12, 'network "x" does not fit')).toBe('2 of 12 runs failed; the first: network "x" does not fit')
  })
})
