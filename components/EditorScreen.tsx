'use client';

import { Editor } from './Editor';
import { HeldPagesList } from './HeldPagesList';

/** The screen at `/`, in either host: Next's page (app/page.tsx) or the editor document (viewer/). */
export function EditorScreen() {
  return (
    <>
      <Editor />
      <HeldPagesList />
    </>
  );
}
