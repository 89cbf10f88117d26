'use client';

import { useState } from 'react';

/** The editor's first screen, without the app: a heading, a sentence, a text box and a button. */
export default function Page() {
  const [text, setText] = useState('');
  return (
    <main>
      <h1>Write a page</h1>
      <p>
        Press Share and this tab holds the page. Anyone with the link gets it from a tab that holds it, and holds it
        too. When the last holder closes, the page is gone.
      </p>
      <textarea value={text} onChange={(event) => setText(event.target.value)} aria-label="Page text" />
      <button type="button">Share</button>
    </main>
  );
}
