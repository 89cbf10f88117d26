'use client';

import { createContext, useContext, type AnchorHTMLAttributes, type ReactElement } from 'react';

export type AppLinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { href: string };

/** Renders a link inside the app. */
export type RenderLink = (props: AppLinkProps) => ReactElement;

/**
 * How a link inside the app navigates. The components run in two hosts: Next's
 * pages, where Next's Link keeps the tab's relay connection across a navigation
 * (components/NextLinks.tsx), and the viewer document a shared link opens
 * (viewer/), which has its own. Each host provides its link here.
 */
const AppLinkContext = createContext<RenderLink>((props) => <a {...props} />);

export const AppLinkProvider = AppLinkContext.Provider;

export function AppLink(props: AppLinkProps) {
  return useContext(AppLinkContext)(props);
}
