import { renderToString } from 'react-dom/server';
import { PLACEHOLDER_HASH, PLACEHOLDER_PAGE_LIMIT } from './document-parts';
import { DocumentApp } from './DocumentApp';

/**
 * The viewer's first render, as HTML, for the placeholder address: what a
 * visitor sees before any script has run, until the app renders in its place.
 */
export function renderViewerMarkup(): string {
  return renderToString(<DocumentApp screen={{ hash: PLACEHOLDER_HASH }} realtimeUrl="" pageMaxBytes={0} />);
}

/** The editor's first render, as HTML, for the placeholder page limit (the server writes the deployment's). */
export function renderEditorMarkup(): string {
  return renderToString(<DocumentApp screen={{ editor: true }} realtimeUrl="" pageMaxBytes={PLACEHOLDER_PAGE_LIMIT} />);
}
