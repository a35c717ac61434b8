import { describe, expect, it } from 'vitest'
import { resultFacts, runLabels, tellingApart, type RunFacts } from '../../src/shared/labels'

const tiny = (over: Partial<RunFacts> = {}): RunFacts => ({
  network: 'tinyyolov4',
  schedule: 'clsa',
  dup: 'greedy',
  chip: 'clsa-cim',
  crossbar: '256x256',
  extraPes: 64,
  ...over,
})

describe('labels that tell runs apart', () => {
  it('names only the extra PEs when they are all that differs', () => {
    expect(
      runLabels([
        { id: 6, ...tiny() },
        { id: 14, ...tiny({ extraPes: 128 }) },
        { id: 22, ...tiny({ extraPes: 256 }) },
      ]),
    ).toEqual(['#6 +64 PEs', '#14 +128 PEs', '#22 +256 PEs'])
  })

  it('names only the part of the strategy that differs, and the whole strategy when both parts do', () => {
    expect(tellingApart([tiny(), tiny({ dup: 'none' })])).toEqual(['greedy duplication', 'no duplication'])
    expect(tellingApart([tiny(), tiny({ schedule: 'layer-by-layer' })])).toEqual(['CLSA-CIM', 'layer-by-layer'])
    expect(tellingApart([tiny(), tiny({ schedule: 'layer-by-layer', dup: 'none' })])).toEqual([
      'CLSA-CIM, greedy duplication',
      'layer-by-layer, no duplication',
    ])
  })

  it('names every differing fact in a fixed order: network, strategy, chip, crossbar, extra PEs', () => {
    expect(tellingApart([tiny(), tiny({ network: 'vgg16', crossbar: '128x128', extraPes: 0 })])).toEqual([
      'tinyyolov4 · 256x256 crossbars · +64 PEs',
      'vgg16 · 128x128 crossbars · +0 PEs',
    ])
  })

  it('keeps the facets asked for (the network in a PDF comparison) and falls back to network and strategy when nothing differs', () => {
    expect(tellingApart([tiny(), tiny({ extraPes: 0 })], ['network'])).toEqual(['tinyyolov4 · +64 PEs', 'tinyyolov4 · +0 PEs'])
    expect(runLabels([{ id: 3, ...tiny() }])).toEqual(['#3 tinyyolov4 · CLSA-CIM, greedy duplication'])
  })

  it('reads the facts of a result: the chip, its crossbar and the extra PEs over the minimum', () => {
    const facts = resultFacts({
      summary: { model: 'lenet5', schedule: 'clsa', dup: 'none', pesChip: 70, pesMinimum: 6 } as never,
      architecture: { name: 'clsa-cim', crossbarRows: 256, crossbarCols: 128 },
    })
    expect(facts).toEqual({ network: 'lenet5', schedule: 'clsa', dup: 'none', chip: 'clsa-cim', crossbar: '256x128', extraPes: 64 })
  })
})
