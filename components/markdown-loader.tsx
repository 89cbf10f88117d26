'use client';

import { lazy } from 'react';
import type * as MarkdownViewModule from './MarkdownView';

type MarkdownModule = typeof MarkdownViewModule;

/** The renderer once loaded: rendered at once from then on, without a fallback frame. */
let loaded: MarkdownModule | undefined;

/**
 * Loads the Markdown renderer, most of the viewer's code, which is loaded only
 * when a page is shown as Markdown. The viewer document starts it early when the
 * page it shows is Markdown (viewer/main.tsx), so the page is drawn once, rendered.
 */
export function loadMarkdownView(): Promise<MarkdownModule> {
  return import('./MarkdownView').then((module) => (loaded = module));
}

const LazyMarkdownView = lazy(() => loadMarkdownView().then((module) => ({ default: module.MarkdownView })));

/** Renders Markdown; suspends while the renderer loads, unless it has already. */
export function MarkdownText({ text }: { text: string }) {
  return loaded ? <loaded.MarkdownView text={text} /> : <LazyMarkdownView text={text} />;
}
