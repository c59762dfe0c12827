/** Markdown (guides, spec descriptions) to HTML with marked; code highlighted at build time by highlight.js. */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import json from 'highlight.js/lib/languages/json';
import typescript from 'highlight.js/lib/languages/typescript';
import { Marked, type Tokens } from 'marked';
import { escapeHtml } from './html';

hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('json', json);
hljs.registerLanguage('bash', bash);

const aliases: Record<string, string> = {
  ts: 'typescript',
  typescript: 'typescript',
  json: 'json',
  sh: 'bash',
  bash: 'bash',
  shell: 'bash',
  curl: 'bash',
};

/** Code as highlighted HTML (spans with `hljs-*` classes, styled by portal.css); unknown languages are escaped. */
export function highlight(code: string, lang: string | undefined): string {
  const language = lang ? aliases[lang.toLowerCase()] : undefined;
  return language ? hljs.highlight(code, { language }).value : escapeHtml(code);
}

/** A `<pre>` with a copy button; `lang` becomes a class so the browser can tell blocks apart. */
export function codeBlock(code: string, lang: string | undefined): string {
  const cls = lang ? ` class="language-${escapeHtml(lang)}"` : '';
  return `<div class="code"><button type="button" class="copy" data-copy>Copy</button><pre><code${cls}>${highlight(code, lang)}</code></pre></div>`;
}

export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/<[^>]+>/g, '')
      .replace(/&[a-z]+;|&#\d+;/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'section'
  );
}

export interface Heading {
  depth: number;
  text: string;
  id: string;
}

export interface Rendered {
  html: string;
  /** Headings of depth 2 and 3, for the page's table of contents and the search index. */
  headings: Heading[];
  /** The first `# ` heading, when the Markdown has one (guides); it is not part of `html`. */
  title?: string;
  /** Text per section (`id` → plain text), for search. */
  sections: { id: string; heading: string; text: string }[];
  /** Fenced code blocks by language, in order (the TypeScript ones are compiled in CI). */
  code: { lang: string; text: string }[];
}

function plain(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/[`*_>#|[\]()-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function renderMarkdown(markdown: string): Rendered {
  const headings: Heading[] = [];
  const used = new Set<string>();
  const code: Rendered['code'] = [];
  let title: string | undefined;
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      heading(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Heading) {
        const inner = this.parser.parseInline(token.tokens);
        if (token.depth === 1 && title === undefined) {
          title = token.text;
          return '';
        }
        let id = slugify(token.text);
        for (let n = 2; used.has(id); n++) id = `${slugify(token.text)}-${n}`;
        used.add(id);
        if (token.depth <= 3) headings.push({ depth: token.depth, text: token.text.replace(/`/g, ''), id });
        return `<h${token.depth} id="${id}"><a class="anchor" href="#${id}" aria-hidden="true">#</a>${inner}</h${token.depth}>\n`;
      },
      code(token: Tokens.Code) {
        const lang = token.lang?.split(/\s/)[0] ?? '';
        code.push({ lang, text: token.text });
        return codeBlock(token.text, lang || undefined);
      },
    },
  });
  // Tables scroll on their own on a phone instead of widening the page.
  const html = (marked.parse(markdown, { async: false }) as string)
    .replace(/<table>/g, '<div class="table"><table>')
    .replace(/<\/table>/g, '</table></div>');
  // Sections for search: split the source at headings of depth 2–3.
  const sections: Rendered['sections'] = [];
  const parts = markdown.split(/^(#{1,3} .*)$/m);
  let current = { id: '', heading: title ?? '' };
  let headingIndex = 0;
  for (const part of parts) {
    const match = /^(#{1,3}) (.*)$/.exec(part);
    if (match) {
      if (match[1]!.length === 1) continue;
      const h = headings[headingIndex++];
      current = { id: h?.id ?? '', heading: h?.text ?? match[2]! };
      continue;
    }
    const text = plain(part);
    if (text) sections.push({ ...current, text });
  }
  return { html, headings, sections, code, ...(title !== undefined ? { title } : {}) };
}

/** One paragraph of Markdown (a field's or a parameter's description) without the wrapping `<p>`. */
export function renderInline(markdown: string): string {
  return new Marked({ gfm: true }).parseInline(markdown, { async: false }) as string;
}
