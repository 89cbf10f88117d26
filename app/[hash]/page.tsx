import { notFound, redirect } from 'next/navigation';
import { HeldPagesList } from '../../components/HeldPagesList';
import { PageViewer } from '../../components/PageViewer';
import { isPageHash } from '../../lib/hash';
import { pageAddressMetadata } from '../page-metadata';

export const generateMetadata = pageAddressMetadata;

export default async function PageRoute({ params }: { params: Promise<{ hash: string }> }) {
  const { hash } = await params;
  const lower = hash.toLowerCase();
  if (!isPageHash(lower)) notFound();
  // An address typed in capitals is still the same page.
  if (lower !== hash) redirect(`/${lower}`);
  return (
    <>
      <PageViewer hash={lower} />
      <HeldPagesList />
    </>
  );
}
