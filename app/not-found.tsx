import { AppLink } from '../components/app-link';

export default function NotFound() {
  return (
    <section className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <title>Not a page address · Ephemeral P2P</title>
      <h1 className="text-2xl font-semibold tracking-tight">This is not a page address</h1>
      <p>
        Every page here lives at the SHA-256 of its content: a slash followed by exactly 64 characters, each a digit or
        a letter from a to f, like
      </p>
      <code className="text-xs break-all text-slate-700 dark:text-slate-300">
        /b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9
      </code>
      <p>Check that the whole link was copied; a missing or extra character makes a different address.</p>
      <AppLink
        href="/"
        className="inline-flex min-h-11 w-fit items-center rounded-lg bg-sky-700 px-4 py-2 font-semibold text-white hover:bg-sky-800"
      >
        Write a new page
      </AppLink>
    </section>
  );
}
