import { Editor } from '../components/Editor';
import { HeldPagesList } from '../components/HeldPagesList';

export default function HomePage() {
  return (
    <>
      <Editor />
      <HeldPagesList />
    </>
  );
}
