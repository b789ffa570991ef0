/**
 * Markdown to safe HTML: interviewer messages and question prompts are untrusted text. Raw HTML
 * in the markdown is shown as text (never parsed), and DOMPurify cleans the rendered result
 * (links with `javascript:` and the like).
 */
import { marked } from 'marked'
import DOMPurify from 'dompurify'

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c])
}

marked.use({
  gfm: true,
  breaks: true,
  renderer: {
    html(token) {
      return escapeHtml(token.text)
    },
  },
})

export function renderMarkdown(text: string): string {
  const html = marked.parse(text ?? '', { async: false })
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } })
}
