'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, type ReactNode } from 'react';
import { AppNavigationProvider, type AppNavigation } from './app-link';

/** Next's pages navigate with Next's router: the tab's relay connection and held pages stay as they are. */
export function NextLinks({ children }: { children: ReactNode }) {
  const router = useRouter();
  const navigation = useMemo<AppNavigation>(
    () => ({ link: (props) => <Link {...props} />, navigate: (href) => router.push(href) }),
    [router],
  );
  return <AppNavigationProvider value={navigation}>{children}</AppNavigationProvider>;
}
