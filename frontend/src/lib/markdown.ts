/** Markdown to sanitised HTML: interviewer messages and question prompts are untrusted text. */
import { marked } from 'marked'
import DOMPurify from 'dompurify'

marked.setOptions({ gfm: true, breaks: true })

export function renderMarkdown(text: string): string {
  const html = marked.parse(text ?? '', { async: false })
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } })
}
