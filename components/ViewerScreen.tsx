'use client';

import { HeldPagesList } from './HeldPagesList';
import { PageViewer } from './PageViewer';

/** The screen at `/<hash>`, in either host: Next's page (app/[hash]/page.tsx) or the viewer document (viewer/). */
export function ViewerScreen({ hash }: { hash: string }) {
  return (
    <>
      <PageViewer key={hash} hash={hash} />
      <HeldPagesList shown={hash} />
    </>
  );
}
