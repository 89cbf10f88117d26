'use client';

import { createContext, useContext, type AnchorHTMLAttributes, type ReactElement } from 'react';

export type AppLinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { href: string };

/** Renders a link inside the app. */
export type RenderLink = (props: AppLinkProps) => ReactElement;

/**
 * How the app moves between its screens. The components run in two hosts:
 * Next's pages, where Next's router keeps the tab's relay connection across a
 * navigation (components/NextLinks.tsx), and the documents served without
 * Next's runtime (viewer/), which have their own. Each host provides its own.
 */
export interface AppNavigation {
  link: RenderLink;
  /** Goes to an address inside the app, as following a link to it would. */
  navigate: (href: string) => void;
}

const AppNavigationContext = createContext<AppNavigation>({
  link: (props) => <a {...props} />,
  navigate: (href) => window.location.assign(href),
});

export const AppNavigationProvider = AppNavigationContext.Provider;

export function AppLink(props: AppLinkProps) {
  return useContext(AppNavigationContext).link(props);
}

export function useAppNavigate(): (href: string) => void {
  return useContext(AppNavigationContext).navigate;
}
