// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import ReportButton from '../../../src/renderer/src/components/ReportButton.vue'
import { mountApp, settle } from '../helpers/mount'
import { resetApi } from '../helpers/reset'

const api = await vi.hoisted(async () => (await import('../helpers/api')).createApiMock())
vi.mock('../../../src/renderer/src/api', () => api.module)

describe('ReportButton', () => {
  beforeEach(() => resetApi(api, { 'reports.warm': undefined }))

  it('pointing at the button and opening the menu ask main to start its PDF printer; choosing PDF builds and saves the report', async () => {
    const { wrapper } = mountApp(ReportButton, { props: { selection: { runIds: [3] } } })
    expect(api.requests('reports.warm')).toEqual([])
    await wrapper.find('[data-test=report]').trigger('mouseenter')
    expect(api.requests('reports.warm')).toEqual([{}])
    await wrapper.find('[data-test=report]').trigger('click')
    await settle()
    expect(api.requests('reports.warm')).toEqual([{}, {}])
    const pdf = [...document.querySelectorAll('.n-dropdown-option-body')].find((o) => o.textContent?.includes('PDF (A4)')) as HTMLElement
    api.handle('reports.build', { fileName: 'cim-report-run-3.pdf', mimeType: 'application/pdf', dataBase64: btoa('%PDF-1.4') })
    pdf.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    await settle()
    expect(api.requests('reports.build')).toEqual([{ selection: { runIds: [3] }, format: 'pdf' }])
    expect(document.body.textContent).toContain('Saved cim-report-run-3.pdf')
  })
})
