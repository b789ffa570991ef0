/**
 * Monaco, bundled (no CDN): the editor core, its standard features, JavaScript and Python
 * syntax, and the editor worker built by Vite. `initMonaco()` is idempotent.
 */
import * as monaco from 'monaco-editor/editor'
import 'monaco-editor/features/register.all'
import 'monaco-editor/languages/definitions/javascript/register'
import 'monaco-editor/languages/definitions/python/register'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'

export type Monaco = typeof monaco

let initialised = false

export function initMonaco(): Monaco {
  if (!initialised) {
    ;(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
      getWorker: () => new EditorWorker(),
    }
    monaco.editor.defineTheme('interview-sim', {
      base: 'vs',
      inherit: true,
      rules: [],
      // Line numbers at WCAG AA contrast (Monaco's default grey is about 1.7:1 here).
      colors: {
        'editor.background': '#fbfcfe',
        'editorLineNumber.foreground': '#5d6878',
        'editorLineNumber.activeForeground': '#1c2330',
      },
    })
    initialised = true
  }
  return monaco
}
