/** Debian's Chromium through playwright-core, with speech APIs stubbed and requests recorded. */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
]

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS })
}

/**
 * Speech stubs: synthesis "speaks" instantly (fires end on the next tick) and records the text in
 * `window.__spoken`; recognition hears only what the test passes to `window.__hear(text, isFinal)`.
 */
const SPEECH_STUBS = `
  (() => {
    const spoken = [];
    window.__spoken = spoken;
    class FakeUtterance { constructor(text) { this.text = text; this.onend = null; this.onerror = null; } }
    const synth = {
      speaking: false, pending: false, paused: false,
      speak(u) { spoken.push(u.text); setTimeout(() => u.onend && u.onend({}), 5); },
      cancel() {}, pause() {}, resume() {}, getVoices() { return []; },
      addEventListener() {}, removeEventListener() {},
    };
    Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
    window.SpeechSynthesisUtterance = FakeUtterance;
    class FakeRecognition {
      constructor() { this.continuous = false; this.interimResults = false; this.lang = 'en-US'; this.onresult = null; this.onerror = null; this.onend = null; }
      start() { window.__recognizer = this; }
      stop() { if (window.__recognizer === this) window.__recognizer = null; }
      abort() { this.stop(); }
    }
    // The test "speaks": an interim or final result for the listening recognizer.
    window.__hear = (text, isFinal) => {
      const r = window.__recognizer;
      if (!r || !r.onresult) return false;
      const result = Object.assign([{ transcript: text, confidence: 0.9 }], { isFinal });
      r.onresult({ resultIndex: 0, results: [result] });
      return true;
    };
    window.SpeechRecognition = FakeRecognition;
    window.webkitSpeechRecognition = FakeRecognition;
  })();
`

export interface RecordedPage {
  page: Page
  requests: string[]
  errors: string[]
}

export async function openPage(context: BrowserContext): Promise<RecordedPage> {
  await context.addInitScript(SPEECH_STUBS)
  const page = await context.newPage()
  const requests: string[] = []
  const errors: string[] = []
  page.on('request', (req) => requests.push(req.url()))
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`)
  })
  return { page, requests, errors }
}

/** Requests that left the page's origin (data: and blob: URLs stay local). */
export function foreignRequests(requests: string[], origin: string): string[] {
  return requests.filter((u) => !u.startsWith(origin + '/') && u !== origin && !/^(data|blob):/.test(u))
}
