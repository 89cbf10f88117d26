'use client';

import type { ComponentPropsWithoutRef, ElementType } from 'react';
import ReactMarkdown, { type Components, type Options } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import { safeHref } from '../lib/client/safe-href';

/** A block whose direction follows its own first strong character, so Arabic or Hebrew lines read right to left. */
function directed<T extends ElementType>(Tag: T) {
  return function Directed({ node: _node, ...props }: ComponentPropsWithoutRef<T> & { node?: unknown }) {
    const Element = Tag as ElementType;
    return <Element dir="auto" {...props} />;
  };
}

const components: Components = {
  a({ href, children }) {
    const safe = safeHref(href);
    if (!safe) return <span className="text-slate-600 dark:text-slate-400">{children}</span>;
    return (
      <a href={safe} target="_blank" rel="noopener noreferrer" className="text-sky-700 underline dark:text-sky-400">
        {children}
      </a>
    );
  },
  // Remote images would tell their host who reads the page; show the description instead.
  img({ alt }) {
    return <span className="text-slate-600 italic dark:text-slate-400">[image{alt ? `: ${alt}` : ''}]</span>;
  },
  // A task list's box: read-only, and named for screen readers (GitHub's has no name).
  input({ type, checked }) {
    if (type !== 'checkbox') return null;
    return (
      <input type="checkbox" checked={Boolean(checked)} disabled readOnly aria-label={checked ? 'Done' : 'Not done'} />
    );
  },
  p: directed('p'),
  // One level down: the page's title is the screen's one h1, and its sections come under it.
  h1: directed('h2'),
  h2: directed('h3'),
  h3: directed('h4'),
  h4: directed('h5'),
  h5: directed('h6'),
  h6: directed('h6'),
  li: directed('li'),
  blockquote: directed('blockquote'),
  td: directed('td'),
  th: directed('th'),
};

/**
 * Raw HTML in a page becomes its own text: `<b>hi</b>` reads as typed, never
 * as markup and never silently stripped. (react-markdown would otherwise pass
 * it on as raw nodes, which are dropped without rehype-raw.)
 */
const remarkRehypeOptions: Options['remarkRehypeOptions'] = {
  handlers: { html: (_state, node: { value: string }) => ({ type: 'text', value: node.value }) },
};

/**
 * A peer's page rendered as GitHub-flavoured Markdown (tables, task lists,
 * strikethrough, bare links, footnotes). Raw HTML is shown as text;
 * rehype-sanitize (GitHub's schema) strips anything dangerous the Markdown
 * itself produces; every URL goes through {@link safeHref}.
 */
export function MarkdownView({ text }: { text: string }) {
  return (
    <div className="markdown-body flex flex-col gap-3 leading-relaxed break-words">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        remarkRehypeOptions={remarkRehypeOptions}
        rehypePlugins={[rehypeSanitize]}
        urlTransform={(url) => safeHref(url) ?? ''}
        components={components}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}
