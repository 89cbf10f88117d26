import { renderToString } from 'react-dom/server';
import { PLACEHOLDER_HASH } from './document-parts';
import { ViewerApp } from './ViewerApp';

/**
 * The viewer's first render, as HTML, for the placeholder address: what a
 * visitor sees before any script has run, until the app renders in its place.
 */
export function renderViewerMarkup(): string {
  return renderToString(<ViewerApp hash={PLACEHOLDER_HASH} realtimeUrl="" pageMaxBytes={0} />);
}
