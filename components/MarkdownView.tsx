'use client';

import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import { safeHref } from '../lib/client/safe-href';

const components: Components = {
  a({ href, children }) {
    const safe = safeHref(href);
    if (!safe) return <span className="text-slate-500 dark:text-slate-400">{children}</span>;
    return (
      <a href={safe} target="_blank" rel="noopener noreferrer" className="text-sky-700 underline dark:text-sky-400">
        {children}
      </a>
    );
  },
  // Remote images would tell their host who reads the page; show the description instead.
  img({ alt }) {
    return <span className="text-slate-500 italic dark:text-slate-400">[image{alt ? `: ${alt}` : ''}]</span>;
  },
};

/**
 * A peer's page rendered as Markdown. Raw HTML in it is shown as text, never
 * parsed; rehype-sanitize strips anything dangerous the Markdown itself produces;
 * every URL goes through {@link safeHref}.
 */
export function MarkdownView({ text }: { text: string }) {
  return (
    <div className="markdown-body flex flex-col gap-3 leading-relaxed break-words">
      <ReactMarkdown
        skipHtml={false}
        rehypePlugins={[rehypeSanitize]}
        urlTransform={(url) => safeHref(url) ?? ''}
        components={components}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}
