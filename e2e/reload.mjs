// The sole holder of a page reloads its tab; a new visitor must still get the page (issue 10).
import { expectHolders, pageText, pageTitled, sharePage, sharePrivatePage, visitorsOf } from './browser.mjs';

export function defineReloadTests({ browser, servers }) {
  const origin = servers.webOrigin;
  const { visitor, closeAll } = visitorsOf(browser);

  /** Shares a page from a fresh tab, reloads that tab, and opens the link in another browser context. */
  async function reloadThenVisit(share, title) {
    const holder = await visitor();
    const link = await share(holder.page, title);
    // The reload restores the held page while the viewer of its own address asks for it.
    await holder.page.reload();
    await holder.page.getByTestId('page-content').waitFor();
    await expectHolders(holder.page, 1);

    const reader = await visitor();
    await reader.page.goto(link);
    await reader.page.getByTestId('page-content').waitFor();
    if (!(await pageText(reader.page)).includes(title))
      throw new Error(`the visitor was shown something other than "${title}"`);
    await expectHolders(reader.page, 2);
  }

  return [
    {
      name: 'reload: the sole holder of a public page reloads; a new visitor in another context is served',
      run: () =>
        reloadThenVisit(
          async (page, title) => `${origin}/${await sharePage(page, origin, pageTitled(title))}`,
          'Reloaded public holder',
        ),
    },
    {
      name: 'reload: the sole holder of a private page reloads; a new visitor with the link is served',
      run: () =>
        reloadThenVisit(
          async (page, title) => (await sharePrivatePage(page, origin, pageTitled(title))).link,
          'Reloaded private holder',
        ),
    },
  ].map((test) => ({ ...test, after: closeAll }));
}
