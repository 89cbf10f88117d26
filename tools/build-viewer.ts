/**
 * npm run build:viewer: the documents served without Next's runtime, the
 * viewer a shared link opens (lib/web/viewer-document.ts) and the editor
 * (lib/web/editor-document.ts), built ahead of time so the server only fills
 * in a request's address, nonce, relay and page limit:
 *  - viewer/main.tsx bundled by esbuild into public/viewer/, named by digest,
 *    and the editor document's inline loader (lib/client/editor-start.ts);
 *  - the stylesheet, Tailwind run over app/globals.css as Next's build does;
 *  - the markup of the viewer's and the editor's first render (viewer/prerender.tsx), shown until the app renders.
 * `--watch` rebuilds on every change (npm run dev).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tailwind from '@tailwindcss/postcss';
import { build, context, type BuildOptions } from 'esbuild';
import postcss from 'postcss';
import { VIEWER_BUILD_FILE, type ViewerBuild } from '../viewer/document-parts';
import type { renderEditorMarkup, renderViewerMarkup } from '../viewer/prerender';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'public/viewer');

const browserBundle: BuildOptions = {
  entryPoints: [join(ROOT, 'viewer/main.tsx')],
  bundle: true,
  splitting: true,
  format: 'esm',
  target: 'es2020',
  minify: true,
  jsx: 'automatic',
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  outdir: OUT,
  metafile: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
};

async function stylesheet(): Promise<string> {
  const from = join(ROOT, 'app/globals.css');
  const result = await postcss([tailwind({ base: ROOT, optimize: { minify: true } })]).process(
    readFileSync(from, 'utf8'),
    { from },
  );
  return result.css;
}

async function markup(): Promise<Pick<ViewerBuild, 'markup' | 'editorMarkup'>> {
  // The same components, rendered in Node: bundled once more for it, then loaded.
  const outfile = join(tmpdir(), `viewer-prerender-${process.pid}.cjs`);
  await build({
    entryPoints: [join(ROOT, 'viewer/prerender.tsx')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    jsx: 'automatic',
    outfile,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file written just now
    const prerender = require(outfile) as {
      renderViewerMarkup: typeof renderViewerMarkup;
      renderEditorMarkup: typeof renderEditorMarkup;
    };
    return { markup: prerender.renderViewerMarkup(), editorMarkup: prerender.renderEditorMarkup() };
  } finally {
    rmSync(outfile, { force: true });
  }
}

function entryScript(metafile: NonNullable<Awaited<ReturnType<typeof build>>['metafile']>): string {
  const entry = Object.entries(metafile.outputs).find(([, output]) => output.entryPoint);
  if (!entry) throw new Error('esbuild wrote no entry script');
  return `/${entry[0].slice(entry[0].indexOf('viewer/'))}`;
}

/** The editor document's inline script: small, so it rides in the document rather than costing a request. */
async function editorStart(): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, 'lib/client/editor-start.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text.trim();
}

async function writeBuild(script: string): Promise<void> {
  const viewer: ViewerBuild = {
    script,
    editorStart: await editorStart(),
    css: await stylesheet(),
    ...(await markup()),
  };
  const file = join(ROOT, VIEWER_BUILD_FILE);
  mkdirSync(join(file, '..'), { recursive: true });
  // Renamed into place: under next dev the server may read it at any moment.
  writeFileSync(`${file}.tmp`, JSON.stringify(viewer));
  renameSync(`${file}.tmp`, file);
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  if (!process.argv.includes('--watch')) {
    const result = await build(browserBundle);
    await writeBuild(entryScript(result.metafile!));
    return;
  }
  const watcher = await context({
    ...browserBundle,
    plugins: [
      {
        name: 'viewer-build',
        setup(esbuild) {
          esbuild.onEnd(async (result) => {
            if (result.metafile) await writeBuild(entryScript(result.metafile)).catch((error) => console.error(error));
          });
        },
      },
    ],
  });
  await watcher.watch();
}

main().catch((error: Error) => {
  console.error(`build:viewer: ${error.message}`);
  process.exit(1);
});
