// @vitest-environment node
// The sandbox under Vite's dev server with the worker CSP plugin (what `npm run dev` does).
import { createServer as createHttpServer } from 'node:http'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { workerCsp } from '../../src/workers/vitePluginWorkerCsp'
import { browserTestsEnabled, CHROMIUM_ARGS, type WithSandbox } from './browser'
import { FRONTEND_DIR, PAGE_DIR } from './buildPage'
import { ISOLATION_HEADERS, listen, type Running } from './staticServer'

let vite: ViteDevServer
let browser: Browser
let page: Page
let probe: Running
const probeHits: string[] = []

beforeAll(async () => {
  if (!browserTestsEnabled) return
  probe = await listen(createHttpServer((req, res) => (probeHits.push(req.url ?? ''), res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('1'))))
  vite = await createServer({
    root: PAGE_DIR,
    configFile: false,
    logLevel: 'warn',
    publicDir: join(FRONTEND_DIR, 'public'),
    plugins: [workerCsp()],
    optimizeDeps: { exclude: ['pyodide'], noDiscovery: true },
    server: { host: '127.0.0.1', port: 0, headers: ISOLATION_HEADERS, hmr: false },
    worker: { format: 'es' },
  })
  await vite.listen()
  const address = vite.httpServer!.address() as { port: number }
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
  page = await browser.newPage()
  await page.goto(`http://127.0.0.1:${address.port}/`)
  await page.waitForSelector('body[data-ready="1"]', { state: 'attached' })
})

afterAll(async () => {
  await browser?.close()
  await vite?.close()
  await probe?.close()
})

describe.skipIf(!browserTestsEnabled)('sandbox on the Vite dev server', () => {
  it('runs JavaScript with the network blocked', async () => {
    const code = `async function solution(base) {
      const out = []
      for (const f of [() => fetch(base + '/a'), () => WorkerGlobalScope.prototype.fetch.call(self, base + '/b'), () => import(base + '/c.js')]) {
        try { await f(); out.push('allowed') } catch { out.push('blocked') }
      }
      return out
    }`
    const o = await page.evaluate(
      ([c, url]) => (window as unknown as WithSandbox).sandbox.runTests('javascript', c, [{ args: [url], expected: ['blocked', 'blocked', 'blocked'] }], { timeoutMs: 5000 }),
      [code, probe.url] as const,
    )
    expect(o.results[0]!.actual).toEqual(['blocked', 'blocked', 'blocked'])
    expect(probeHits).toEqual([])
  })

  it('runs Python with Pyodide from /pyodide/', async () => {
    const o = await page.evaluate(() => (window as unknown as WithSandbox).sandbox.runTests('python', 'def solution(a):\n    return a[::-1]\n', [{ args: [[1, 2]], expected: [2, 1] }]))
    expect(o).toMatchObject({ passed: 1, total: 1, timed_out: false })
  })
})
