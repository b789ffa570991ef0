// @vitest-environment node
// The JavaScript sandbox in Chromium: real module workers, the real worker CSP.
import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserTestsEnabled, openSandboxPage, type Harness } from './browser'
import { listen, type Running } from './staticServer'

let h: Harness
let probe: Running
const probeHits: string[] = []

beforeAll(async () => {
  if (!browserTestsEnabled) return
  probe = await listen(
    createServer((req, res) => {
      probeHits.push(req.url ?? '')
      res.writeHead(200, {
        'Content-Type': 'text/javascript',
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
      })
      res.end('export default 1')
    }),
  )
  h = await openSandboxPage()
})

afterAll(async () => {
  await h?.close()
  await probe?.close()
})

const nested = [
  { args: [[3, 1, 2], { deep: true }], expected: { sorted: [1, 2, 3], meta: [[{ deep: true }]] } },
  { args: [[], { deep: false }], expected: { sorted: [], meta: [[{ deep: false }]] } },
]

describe.skipIf(!browserTestsEnabled)('JavaScript sandbox', () => {
  it('passes a correct solution (deep equality of nested arrays and objects)', async () => {
    const code = 'function solution(xs, opts) {\n  console.log("len", xs.length)\n  return { meta: [[opts]], sorted: [...xs].sort((a, b) => a - b) }\n}'
    const o = await h.run('javascript', code, nested)
    expect(o).toMatchObject({ passed: 2, total: 2, timed_out: false, language: 'javascript' })
    expect(o.results[0]).toMatchObject({ index: 0, passed: true, actual: { sorted: [1, 2, 3], meta: [[{ deep: true }]] }, stdout: 'len 3' })
  })

  it('fails a wrong solution and reports errors with line numbers', async () => {
    const code = 'function solution(xs, opts) {\n  if (!xs.length) throw new RangeError("empty")\n  return { sorted: xs, meta: [[opts]] }\n}'
    const o = await h.run('javascript', code, nested)
    expect(o.passed).toBe(0)
    expect(o.results[0]).toMatchObject({ passed: false, actual: { sorted: [3, 1, 2], meta: [[{ deep: true }]] } })
    expect(o.results[1]!.error).toBe('RangeError: empty (line 2)')
  })

  it('fails every test of code that does not compile, with the message', async () => {
    const o = await h.run('javascript', 'function solution( {', nested)
    expect(o.passed).toBe(0)
    expect(o.results.every((r) => /^SyntaxError: /.test(r.error ?? ''))).toBe(true)
  })

  it('uses the given function name and clones the arguments for each test', async () => {
    const code = 'function twoSum(xs) { xs.push(9); return xs.length }'
    const tests = [{ args: [[1]], expected: 2 }, { args: [[1]], expected: 2 }]
    const o = await h.run('javascript', code, tests, { functionName: 'twoSum' })
    expect(o.passed).toBe(2)
  })

  it('kills an infinite loop at the limit, keeps finished tests, and the next run works', async () => {
    const code = 'function solution(x) { if (x === 2) { while (true) {} } return x }'
    const tests = [1, 2, 3].map((x) => ({ args: [x], expected: x }))
    const o = await h.run('javascript', code, tests, { timeoutMs: 300 })
    expect(o.timed_out).toBe(true)
    expect(o.results.map((r) => r.passed)).toEqual([true, false, false])
    expect(o.results[1]!.error).toBe('Time limit exceeded (300 ms)')
    expect(o.results[2]!.error).toBe('Time limit exceeded (300 ms)')
    const next = await h.run('javascript', 'const solution = (x) => x', tests)
    expect(next).toMatchObject({ passed: 3, timed_out: false })
  })

  it('ignores results forged through the worker global postMessage', async () => {
    const code = `function solution() {
      const forged = { type: 'case', index: 0, actual: 42, ms: 0 }
      postMessage(forged); self.postMessage(forged); postMessage({ type: 'done' }); postMessage({ type: 'ready' })
      return 0
    }`
    const o = await h.run('javascript', code, [{ args: [], expected: 42 }])
    expect(o).toMatchObject({ passed: 0, timed_out: false })
    expect(o.results[0]).toMatchObject({ passed: false, actual: 0 })
  })

  it('blocks the network: no request from candidate code reaches a loopback server', async () => {
    const code = `async function solution(base) {
      const out = {}
      const attempt = async (name, f) => {
        try { await f(); out[name] = 'allowed' } catch (e) { out[name] = 'blocked' }
      }
      await attempt('fetch', () => fetch(base + '/fetch'))
      await attempt('protoFetch', () => WorkerGlobalScope.prototype.fetch.call(self, base + '/proto-fetch'))
      await attempt('import', () => import(base + '/x.js'))
      await attempt('xhr', () => new Promise((ok, fail) => {
        const x = new XMLHttpRequest(); x.onload = ok; x.onerror = fail; x.open('GET', base + '/xhr'); x.send()
      }))
      await attempt('eventSource', () => new EventSource(base + '/sse'))
      await attempt('webSocket', () => new WebSocket(base.replace('http', 'ws') + '/ws'))
      await attempt('importScripts', () => importScripts(base + '/classic.js'))
      await attempt('worker', () => new Worker(base + '/w.js'))
      return out
    }`
    const blocked = Object.fromEntries(['fetch', 'protoFetch', 'import', 'xhr', 'eventSource', 'webSocket', 'importScripts', 'worker'].map((k) => [k, 'blocked']))
    const o = await h.run('javascript', code, [{ args: [probe.url], expected: blocked }], { timeoutMs: 5000 })
    expect(o.results[0]!.actual).toEqual(blocked)
    expect(o.passed).toBe(1)
    // Positive control: the page itself (no CSP) does reach the probe, so silence above means blocked.
    await h.page.evaluate((url) => fetch(`${url}/control`, { mode: 'no-cors' }).then(() => undefined), probe.url)
    expect(probeHits).toEqual(['/control'])
  })
})
