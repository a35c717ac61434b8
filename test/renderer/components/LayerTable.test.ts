// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { NDataTable } from 'naive-ui'
import LayerTable from '../../../src/renderer/src/components/run/LayerTable.vue'
import type { LayerResult } from '../../../src/shared/experiment'
import { tinyResult } from '../fixtures/results'
import { mountApp, settle } from '../helpers/mount'

type Row = LayerResult & { index: number }
interface Column {
  key: string
  title: string
  render?: (r: Row) => string
}

/** The table's columns, rows and row classes as NDataTable gets them (happy-dom lays out no virtual rows). */
async function table(bottleneck?: string) {
  const { wrapper } = mountApp(LayerTable, { props: { layers: tinyResult().layers, bottleneck } })
  await settle()
  const t = wrapper.findComponent(NDataTable)
  const columns = t.props('columns') as Column[]
  const rows = t.props('data') as Row[]
  const rowClass = t.props('rowClassName') as (r: Row) => string
  const cells = (name: string, keys: string[]) => keys.map((k) => columns.find((c) => c.key === k)!.render!(rows.find((r) => r.name === name)!))
  return { columns, rows, rowClass, cells }
}

const LOAD = ['perCopySteps', 'busyFraction', 'waitInputsSteps', 'waitCopySteps']

describe('LayerTable', () => {
  it('shows the bottleneck columns and highlights the layer that bounds the latency', async () => {
    const { columns, rows, rowClass, cells } = await table('fc')
    expect(LOAD.map((k) => columns.find((c) => c.key === k)!.title)).toEqual([
      'Work / copy (steps)',
      'Busy in run',
      'Wait inputs (copy-steps)',
      'Wait copy (set-steps)',
    ])
    expect(rows.map(rowClass)).toEqual(['', '', '', 'bottleneck'])
    // fc: 16 sets on 1 copy, busy 16 of 40 steps, idle until 20; conv1: 8 per copy on 2 copies, both idle until 3
    expect(cells('fc', LOAD)).toEqual(['16', '40.0 %', '20', '0'])
    expect(cells('conv1', LOAD)).toEqual(['8', '20.0 %', '6', '0'])
  })

  it('shows dashes for digital layers and highlights nothing without a bottleneck', async () => {
    const { rows, rowClass, cells } = await table()
    expect(rows.map(rowClass)).toEqual(['', '', '', ''])
    expect(cells('pool', LOAD)).toEqual(['–', '–', '–', '–'])
  })
})
