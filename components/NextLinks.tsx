'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { AppLinkProvider, type RenderLink } from './app-link';

const renderNextLink: RenderLink = (props) => <Link {...props} />;

/** Next's pages navigate with Next's Link: the tab's relay connection and held pages stay as they are. */
export function NextLinks({ children }: { children: ReactNode }) {
  return <AppLinkProvider value={renderNextLink}>{children}</AppLinkProvider>;
}
