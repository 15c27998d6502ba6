// Browser tests: the real server (built web app + API) on a fresh database, driven by
// Debian's Chromium through playwright-core. Never downloads a browser.
import { mkdtempSync, rmSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp, type AppInstance } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { buildWebIfMissing } from '../src/server/web.js';
import { issueSetupToken } from '../src/server/modules/auth/setup.service.js';
import { findRoleByKey } from '../src/server/modules/users/users.repository.js';
import { createUser } from '../src/server/modules/users/users.service.js';
import { createTestDb, type TestDb } from '../src/server/testing/test-db.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PASSWORD = 'correct-horse-battery';
/** Screenshots go to docs/screenshots only when asked (npm run screenshots), so test runs leave the tree clean. */
export const SHOTS =
  process.env.CLIENTELA_SCREENSHOTS === '1'
    ? path.resolve(import.meta.dirname, '../docs/screenshots')
    : mkdtempSync(path.join(os.tmpdir(), 'clientela-shots-'));

export type E2E = TestDb & {
  app: AppInstance;
  base: string;
  browser: Browser;
  setupToken: () => Promise<string>;
  addUser: (login: string, role: string) => Promise<number>;
  /** a new browser context (own cookies), optionally logged in through the login form */
  page: (opts?: {
    login?: string;
    width?: number;
    height?: number;
    locale?: string;
  }) => Promise<{ page: Page; context: BrowserContext; errors: string[] }>;
  close: () => Promise<void>;
};

/**
 * Polls `count` until it equals `want` (a screen that first shows cached data and then what the
 * server answered settles within a round trip); fails with `what` and the last count otherwise.
 */
export async function untilCount(count: () => Promise<number>, want: number, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  let last = await count();
  while (last !== want && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    last = await count();
  }
  if (last !== want) throw new Error(`${what}: found ${last}, expected ${want} after ${ms} ms`);
}

/**
 * Polls `read` until it deep-equals `want` (texts of a table that may first show the previous
 * answer, a row the server commits once the UI confirmed); fails with `what` and the last value.
 */
export async function untilEqual<T>(read: () => Promise<T>, want: T, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  let last = await read();
  while (!isDeepStrictEqual(last, want) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  if (!isDeepStrictEqual(last, want)) throw new Error(`${what}: found ${JSON.stringify(last)}, expected ${JSON.stringify(want)} after ${ms} ms`);
}

/** `env`: more configuration (e.g. CLIENTELA_UPLOAD_LIMIT_MB); uploads go to a temporary folder. */
export async function startE2E(env: Record<string, string> = {}): Promise<E2E> {
  await buildWebIfMissing(() => {});
  const tdb = await createTestDb();
  const uploads = mkdtempSync(path.join(os.tmpdir(), 'clientela-e2e-uploads-'));
  const app = await buildApp({
    db: tdb.db,
    pool: tdb.pool,
    config: loadConfig({
      CLIENTELA_DATA_DIR: '/nonexistent',
      CLIENTELA_UPLOAD_DIR: uploads,
      CLIENTELA_BACKUP_DIR: path.join(uploads, 'backups'),
      ...env,
    }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const e2e: E2E = {
    ...tdb,
    app,
    base,
    browser,
    setupToken: () => issueSetupToken(tdb.db),
    addUser: async (login, role) =>
      (
        await createUser(tdb.db, null, {
          login,
          name: `${login[0]!.toUpperCase()}${login.slice(1)}`,
          password: PASSWORD,
          roleId: (await findRoleByKey(tdb.db, role))!.id,
        })
      ).id,
    page: async (opts = {}) => {
      const context = await browser.newContext({
        viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
        locale: opts.locale ?? 'en-US',
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('dialog', (d) => {
        errors.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      if (opts.login) {
        await page.goto(base);
        // the login page in the browser's language: en, ru, uk or ro (src/web/i18n/*.ts, login)
        await page.getByLabel(/^(Login|Логин|Логін|Utilizator)/).fill(opts.login);
        await page.getByLabel(/^(Password|Пароль|Parolă)/).fill(PASSWORD);
        await page.getByRole('button', { name: /^(Log in|Войти|Увійти|Intră)$/ }).click();
        await page.getByTestId('client-count').waitFor();
      }
      return { page, context, errors };
    },
    close: async () => {
      await browser.close();
      await app.close();
      await tdb.drop();
      rmSync(uploads, { recursive: true, force: true });
    },
  };
  return e2e;
}

/**
 * Words that may be Latin on a Russian (Ukrainian, Romanian) screen: the product's name, file
 * formats, the language switch's own names, currency and ISO codes, scheme names in hints.
 */
const LATIN_ALLOWED = new Set([
  'Clientela',
  'CSV',
  'XLSX',
  'ODS',
  'Excel',
  'OpenDocument',
  'vCard',
  'ID',
  'English',
  'Română',
  'zip',
  'http',
  'https',
  'SKU',
]);

/**
 * Fails when a screen in another language shows an English word: collects the visible text
 * nodes (and placeholders, aria-labels, titles) of the page, drops e-mail addresses, links,
 * three-letter codes (RUB, USD) and the allowed words (`allow`: the test's own data, such as a
 * Latin client name it typed), and lists whatever Latin-letter words are left with their text.
 */
export async function assertNoEnglish(page: Page, what: string, allow: (string | RegExp)[] = []): Promise<void> {
  // a string, not a function: tsx would wrap the function's inner names in a helper the page does not have
  const texts = await page.evaluate<string[]>(`(() => {
    const out = [];
    const shown = (el) => !!el && el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'OPTION'].includes(el.tagName) || !shown(el)) continue;
      const s = (n.textContent || '').trim();
      if (s) out.push(s);
    }
    for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
      if (!shown(el)) continue;
      for (const a of ['placeholder', 'aria-label', 'title']) {
        const v = (el.getAttribute(a) || '').trim();
        if (v) out.push(v);
      }
    }
    // a select shows its chosen option
    for (const s of document.querySelectorAll('select')) if (shown(s) && s.selectedOptions[0]) out.push(s.selectedOptions[0].text);
    return out;
  })()`);
  const found: string[] = [];
  for (const text of texts) {
    let rest = text.replace(/\S+@\S+\.\w+/g, ' ').replace(/https?:\/\/\S+/g, ' ');
    for (const a of allow)
      rest = typeof a === 'string' ? rest.split(a).join(' ') : rest.replace(new RegExp(a.source, `${a.flags.replace('g', '')}g`), ' ');
    // whole words, so that a Latin word with diacritics (Română) is one word: those with a Latin letter
    const words = (rest.match(/\p{L}[\p{L}'’]*/gu) ?? []).filter((w) => /[A-Za-z]/.test(w) && !LATIN_ALLOWED.has(w) && !/^[A-Z]{3}$/.test(w));
    if (words.length) found.push(`${words.join(' ')}  ← "${text.slice(0, 120)}"`);
  }
  if (found.length) throw new Error(`${what}: English on a translated screen:\n${[...new Set(found)].join('\n')}`);
}
