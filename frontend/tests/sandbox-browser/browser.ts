/** Chromium (Debian's, via playwright-core) on the built sandbox test page. */
import { chromium, type Browser, type Page } from 'playwright-core'
import { DIST_DIR, PYODIDE_DIR } from './buildPage'
import { serveStatic, type Running } from './staticServer'
import type { CompareMode } from '../../src/lib/compare'
import type { RunOptions, SandboxLanguage, SandboxOutcome, SandboxTest } from '../../src/lib/sandboxTypes'

/** Set by vitest.sandbox.config.ts: under the unit-test config these files are skipped. */
export const browserTestsEnabled = process.env.SANDBOX_BROWSER_TESTS === '1'

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run', '--no-default-browser-check']

export interface Harness {
  page: Page
  server: Running
  run: (language: SandboxLanguage, code: string, tests: SandboxTest[], opts?: RunOptions) => Promise<SandboxOutcome>
  close: () => Promise<void>
}

interface SandboxGlobal {
  runTests: (l: SandboxLanguage, c: string, t: SandboxTest[], o?: RunOptions) => Promise<SandboxOutcome>
  preloadPython: () => Promise<void>
  pythonStatus: () => string
  pythonWorkerGeneration: () => number
  compareValues: (actual: unknown, expected: unknown, mode?: CompareMode) => boolean
}
export type WithSandbox = Window & { sandbox: SandboxGlobal }

export async function openSandboxPage(isolate = true): Promise<Harness> {
  const server = await serveStatic(DIST_DIR, PYODIDE_DIR, isolate)
  let browser: Browser | undefined
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
    const page = await browser.newPage()
    await page.goto(`${server.url}/`)
    await page.waitForSelector('body[data-ready="1"]', { state: 'attached' })
    const b = browser
    return {
      page,
      server,
      run: (language, code, tests, opts) =>
        page.evaluate(([l, c, t, o]) => (window as unknown as WithSandbox).sandbox.runTests(l, c, t, o), [language, code, tests, opts] as const),
      close: async () => {
        await b.close()
        await server.close()
      },
    }
  } catch (err) {
    await browser?.close()
    await server.close()
    throw err
  }
}
