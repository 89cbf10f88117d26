/**
 * The React floor's app (bench/web/floor.html with `&react`): once the floor
 * has shown the page's text, React's DOM renderer loads and renders that text
 * again, and nothing else. What this machine scores for the least a React
 * page that shows a held page can do, as the viewer does.
 */
import { createRoot } from 'react-dom/client';

const shown = document.getElementById('text');
const root = document.createElement('main');
document.body.replaceChildren(root);
createRoot(root).render(<pre>{shown?.textContent}</pre>);
