/** Networks a run can map: the built-in zoo and the networks imported into the history. */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { NetworkInfo, ZooModel } from '../../../shared/ipc'
import { call } from '../api'
import { fileToBase64 } from '../lib/files'

export const useNetworksStore = defineStore('networks', () => {
  const zoo = ref<ZooModel[]>([])
  const imported = ref<NetworkInfo[]>([])

  async function load() {
    const [models, stored] = await Promise.all([call('zoo.list', {}), call('networks.list', {})])
    zoo.value = models
    // The history also keeps the zoo networks its runs used; only files imported by the user are listed.
    imported.value = stored.filter((n) => n.source.kind !== 'zoo')
  }

  /** Imports an ONNX or Darknet .cfg file; `input` fills dynamic dims (e.g. [1, 3, 224, 224]). */
  async function importFile(file: File, input?: number[]): Promise<NetworkInfo> {
    const info = await call('networks.import', { fileName: file.name, dataBase64: await fileToBase64(file), ...(input ? { input } : {}) })
    imported.value = [info, ...imported.value.filter((n) => n.id !== info.id)]
    return info
  }

  return { zoo, imported, load, importFile }
})
