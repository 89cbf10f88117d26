import type { Metadata } from 'next';
import { EditorScreen } from '../components/EditorScreen';

export const metadata: Metadata = { title: 'Ephemeral P2P' };

export default function HomePage() {
  return <EditorScreen />;
}
