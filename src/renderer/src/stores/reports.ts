/** Reports made in main (HTML, or PDF via Chromium) of a run, a comparison or a sweep, saved as files. */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { RequestOf } from '../../../shared/ipc'
import { call } from '../api'
import { downloadBase64 } from '../lib/files'

export type ReportSelection = RequestOf<'reports.build'>['selection']
export type ReportFormat = RequestOf<'reports.build'>['format']

export const useReportsStore = defineStore('reports', () => {
  /** A report is being made (it can take seconds: PDF printing). */
  const building = ref(false)

  /** Makes the report and saves it; resolves with its file name. */
  async function save(selection: ReportSelection, format: ReportFormat): Promise<string> {
    building.value = true
    try {
      const file = await call('reports.build', { selection, format })
      downloadBase64(file.fileName, file.dataBase64, file.mimeType)
      return file.fileName
    } finally {
      building.value = false
    }
  }

  /** A report is likely soon (its button pointed at, its menu opened): main may start its PDF printer (best effort: a failure shows with the report). */
  function warm(): void {
    call('reports.warm', {}).catch(() => undefined)
  }

  return { building, save, warm }
})
