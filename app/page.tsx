import type { Metadata } from 'next';
import { Editor } from '../components/Editor';
import { HeldPagesList } from '../components/HeldPagesList';

export const metadata: Metadata = { title: 'Ephemeral P2P' };

export default function HomePage() {
  return (
    <>
      <Editor />
      <HeldPagesList />
    </>
  );
}
