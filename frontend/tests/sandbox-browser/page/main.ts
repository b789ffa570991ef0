// The sandbox browser tests' page: exposes the real sandbox API (built by Vite like the app).
import { preloadPython, pythonStatus, runTests } from '../../../src/composables/useSandbox'
import { compareValues } from '../../../src/lib/compare'
import { pythonWorkerGeneration } from '../../../src/lib/sandboxPyRunner'

Object.assign(window, {
  sandbox: {
    runTests,
    preloadPython,
    pythonStatus: () => pythonStatus().value,
    pythonWorkerGeneration,
    compareValues,
  },
})
document.body.dataset.ready = '1'
