import { notFound, redirect } from 'next/navigation';
import { ViewerScreen } from '../../components/ViewerScreen';
import { isPageHash } from '../../lib/hash';
import { pageAddressMetadata } from '../page-metadata';

export const generateMetadata = pageAddressMetadata;

export default async function PageRoute({ params }: { params: Promise<{ hash: string }> }) {
  const { hash } = await params;
  const lower = hash.toLowerCase();
  if (!isPageHash(lower)) notFound();
  // An address typed in capitals is still the same page.
  if (lower !== hash) redirect(`/${lower}`);
  return <ViewerScreen hash={lower} />;
}
