// React's DOM renderer on its own, for viewer/main.tsx to import dynamically:
// imported straight from react-dom/client (CommonJS), esbuild's chunk would
// offer only a default export.
export { createRoot, hydrateRoot } from 'react-dom/client';
