// Real Chromium through playwright-core, and the few steps every test repeats.
import { createHash } from 'node:crypto';
import { chromium } from 'playwright-core';

export const STEP_TIMEOUT_MS = 15_000;

/**
 * Chromium that can reach nothing but this machine (`localHosts` adds its own
 * LAN address). `mapped` names resolve to 127.0.0.1 (a deployment's hostnames);
 * `args` are extra flags.
 */
export function launchBrowser(localHosts = [], { mapped = [], args = [] } = {}) {
  const maps = mapped.map((host) => `MAP ${host} 127.0.0.1 , `).join('');
  const excluded = ['localhost', '127.0.0.1', ...localHosts].map((host) => `EXCLUDE ${host}`).join(' , ');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      `--host-resolver-rules=${maps}MAP * ~NOTFOUND , ${excluded}`,
      ...args,
    ],
  });
}

/** A valid private-page key that is not the page's: 32 bytes of 0x42 in base64url. */
export const OTHER_KEY = Buffer.alloc(32, 0x42).toString('base64url');

export function sha256Hex(text) {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** A page titled `label`; each test uses its own titles, so tests never share an address. */
export function pageTitled(label) {
  return `# ${label}\n\nA page written by the browser tests.\n`;
}

/** A visitor in its own browser context (its own tab, storage and socket). */
export async function newVisitor(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Records every dialog. A beforeunload one is accepted, as a person confirming
  // they want to leave would; any other dialog would be a page's script running.
  page.on('dialog', (dialog) => {
    page.dialogsSeen = [...(page.dialogsSeen ?? []), dialog.type()];
    void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss()).catch(() => {});
  });
  return { context, page, errors };
}

/** The viewer's status once the relay has accepted this tab as a holder of the page in view. */
export function holding(page) {
  return page.locator('[data-testid="page-status"][data-state="holding"]');
}

/** The viewer's status while it waits for a page at an address nobody holds. */
export function nobodyHolding(page) {
  return page.locator('[data-testid="page-status"][data-state="nobody-holding"]');
}

/** Types a page on the homepage and shares it, public or private; returns the address the URL changed to. */
export async function sharePage(page, origin, text, { isPrivate = false } = {}) {
  if (page.url().startsWith(origin)) {
    // In-app navigation keeps this tab's held pages, as a person clicking the title would.
    await page.getByRole('link', { name: 'Ephemeral P2P' }).click();
    await page.waitForURL(`${origin}/`);
  } else {
    await page.goto(`${origin}/`);
  }
  await page.getByLabel('Page text').fill(text);
  // The choice is remembered per browser, so set it either way.
  await page.getByLabel('Private page', { exact: true }).setChecked(isPrivate);
  await page.getByRole('button', { name: 'Share' }).click();
  await page.waitForURL(isPrivate ? /\/[0-9a-f]{64}#k=[\w-]{43}$/ : /\/[0-9a-f]{64}$/);
  await holding(page).waitFor();
  return new URL(page.url()).pathname.slice(1);
}

/** Shares a private page; returns its address, its key and its full link. */
export async function sharePrivatePage(page, origin, text) {
  const hash = await sharePage(page, origin, text, { isPrivate: true });
  const key = new URL(page.url()).hash.slice('#k='.length);
  return { hash, key, link: `${origin}/${hash}#k=${key}` };
}

/** The bytes a tab holds for a page, as it keeps them in sessionStorage (and serves them). */
export async function heldBytes(page, hash) {
  const stored = await page.evaluate(() => sessionStorage.getItem('ephemeral-p2p:held-pages'));
  const entry = JSON.parse(stored ?? '{"pages":[]}').pages.find((p) => p.hash === hash);
  if (!entry) throw new Error(`this tab does not hold ${hash}`);
  return Buffer.from(entry.bytes, 'base64');
}

/** Opens a page's address and waits until its verified content is shown. */
export async function openPage(page, origin, hash) {
  await page.goto(`${origin}/${hash}`);
  await page.getByTestId('page-content').waitFor();
}

/** The page's text as typed: a page with Markdown is shown rendered, so this switches it to plain text first. */
export async function pageText(page) {
  const plain = page.getByRole('group', { name: 'Show the page as' }).getByRole('button', { name: 'Plain text' });
  if ((await plain.count()) > 0 && (await plain.getAttribute('aria-pressed')) !== 'true') await plain.click();
  return page.getByTestId('page-content').locator('pre').innerText();
}

/** Waits until the health meter shows `holders`. */
export async function expectHolders(page, holders) {
  await page.locator(`[data-testid="health-meter"][data-holders="${holders}"]`).first().waitFor();
}

export async function screenshot(page, name, dir) {
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/**
 * The browser contexts one test opens, and the extra servers it starts
 * (`cleanups`): `closeAll()` ends every one of them after the test.
 */
export function visitorsOf(browser) {
  const contexts = [];
  const cleanups = [];
  return {
    cleanups,
    async visitor(options) {
      const v = await newVisitor(browser, options);
      contexts.push(v.context);
      return v;
    },
    async closeAll() {
      await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => {})));
      await Promise.all(cleanups.splice(0).map((stop) => stop()));
    },
  };
}
