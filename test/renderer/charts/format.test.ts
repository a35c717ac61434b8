import { describe, expect, it } from 'vitest'
import {
  escapeHtml,
  formatBytes,
  formatCompact,
  formatDuration,
  formatEnergyNj,
  formatFactor,
  formatLifespan,
  formatLifetime,
  formatNs,
  formatPercent,
  formatSteps,
} from '../../../src/shared/charts'

describe('units', () => {
  it('formats times, steps, energy and ratios with units', () => {
    expect([0, 800, 13_600, 2_536_000, -2e6, 1e9, 90_448_800_000].map(formatNs)).toEqual(['0 ns', '800 ns', '13.6 µs', '2.54 ms', '-2 ms', '1 s', '90.4 s'])
    expect([113_061, 1].map(formatSteps)).toEqual(['113,061 steps', '1 step'])
    expect([12, 288_287.96, 3.2e12].map(formatEnergyNj)).toEqual(['12 nJ', '288 µJ', '3,200 J'])
    expect([formatFactor(35.665), formatPercent(0.379), formatCompact(6_559_328), formatDuration(185_000)]).toEqual(['35.7×', '37.9 %', '6.56 M', '3 min 05 s'])
    expect([formatLifetime(null), formatLifetime(2e9, 2.1), formatLifetime(33_300_000, 0.0352)]).toEqual([
      'unlimited',
      '2 G inferences (2.1 years)',
      '33.3 M inferences (12.9 days)',
    ])
    expect([1, 5 / 24 / 365.25, 90 / 86_400 / 365.25, 0.5 / 86_400 / 365.25].map(formatLifespan)).toEqual(['1 year', '5 hours', '1.5 minutes', '0.5 seconds'])
    expect([11_023_360, 1536, 512].map(formatBytes)).toEqual(['11 MB', '1.54 kB', '512 B'])
    expect(escapeHtml('<a&"b">')).toBe('&lt;a&amp;&quot;b&quot;&gt;')
  })
})
