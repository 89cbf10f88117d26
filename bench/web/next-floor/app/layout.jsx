// The Next.js floor of npm run bench:lighthouse: the least an App Router page
// is, to set the editor's figures beside. No styles, data or connection.
export const metadata = { title: 'Next.js floor' };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
