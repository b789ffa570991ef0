/**
 * Markdown to safe HTML: interviewer messages and question prompts are untrusted text. Raw HTML
 * in the markdown is shown as text (never parsed), images are never rendered (an image would fetch
 * an address of the model's choosing: its alt text is shown instead), and DOMPurify cleans the
 * rendered result (links with `javascript:` and the like). Links open in a new tab with
 * `rel="noopener noreferrer"`, so the linked site gets neither this page nor its address.
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
    image(token) {
      return escapeHtml(token.text || '')
    },
    link(token) {
      const text = this.parser.parseInline(token.tokens)
      const href = safeHref(token.href)
      return href ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer" target="_blank">${text}</a>` : text
    },
  },
})

/** http(s) and mailto links, or links within this site; anything else (javascript:, data:) is dropped. */
export function safeHref(href: string): string | null {
  const trimmed = (href ?? '').trim()
  if (/^(https?:|mailto:)/i.test(trimmed)) return trimmed
  if (/^[/#?]/.test(trimmed) && !trimmed.startsWith('//')) return trimmed
  return null
}

export function renderMarkdown(text: string): string {
  const html = marked.parse(text ?? '', { async: false })
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['img', 'picture', 'source', 'video', 'audio', 'iframe', 'form', 'style'],
    ADD_ATTR: ['target'],
  })
}
