// npm run bench -- web [--clients 1000000]: the web app on the bench base, in headless Chromium.
// Prints: bundle size (gzip JS of the first screen), journal first render, search latency after
// the last keystroke. Needs the base from `npm run bench -- generate`.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { buildWebIfMissing, webRoot } from '../src/server/web.js';
import { BENCH_PASSWORD, type BenchDb } from './data.js';
import { print, stats } from './measure.js';

export async function webBench(b: BenchDb, rounds: number) {
  await buildWebIfMissing(() => {});
  // the first screen loads what index.html names (entry + modulepreload); sales, catalog and
  // reports are lazy chunks, counted apart
  const assets = path.join(webRoot, 'assets');
  const html = readFileSync(path.join(webRoot, 'index.html'), 'utf8');
  const first = new Set([...html.matchAll(/\/assets\/([\w.-]+\.js)/g)].map((m) => m[1]!));
  const gzOf = (files: string[]) => Math.round(files.reduce((s, f) => s + gzipSync(readFileSync(path.join(assets, f))).length, 0) / 1024);
  const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const lazy = js.filter((f) => !first.has(f));
  print({ bench: 'web.bundle', js_files: first.size, js_gzip_kb: gzOf([...first]), lazy_files: lazy.length, lazy_gzip_kb: gzOf(lazy), goal: '<= 250 KB gzip' });

  const app = await buildApp({ db: b.db, config: loadConfig({ CLIENTELA_DATA_DIR: '/nonexistent', LOG_LEVEL: 'warn' }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(base);
    await page.getByLabel('Login').fill('admin');
    await page.getByLabel('Password').fill(BENCH_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('[role=row] a').first().waitFor();

    const first: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = Date.now();
      await page.goto(base);
      await page.locator('[role=row] a').first().waitFor();
      first.push(Date.now() - t);
    }
    print({ bench: 'web.journal_first_render', ...stats(first), goal: 'median <= 1000', note: 'navigation to first rows visible, cached assets', rows: b.clients });

    const box = page.getByLabel('Search by name, phone, email or INN');
    const terms = ['петр', 'морозо', 'smith', 'ольга', '9123', 'ова', 'kuzn', 'альфа'];
    const lat: number[] = [];
    for (let r = 0; r < Math.max(2, Math.floor(rounds / 4)); r++) {
      for (const term of terms) {
        await page.goto(base); // a fresh page: no answer cached in the browser
        await page.locator('[role=row] a').first().waitFor();
        await box.pressSequentially(term.slice(0, -1), { delay: 40 });
        await page.waitForTimeout(60);
        // the last keystroke starts the clock; the results are shown when the first row of the
        // answer for the whole term is on screen (or the "nothing found" state)
        const answer = page.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === term && r.url().includes('/api/clients?'));
        const t = Date.now();
        await box.pressSequentially(term.at(-1)!);
        const body = (await (await answer).json()) as { items: { displayName: string }[] };
        const expected = body.items[0]?.displayName;
        if (expected) await page.locator('[role=row] a').first().filter({ hasText: expected }).waitFor({ timeout: 10_000 });
        else await page.getByText('Nothing found').waitFor({ timeout: 10_000 });
        lat.push(Date.now() - t);
      }
    }
    print({ bench: 'web.search_after_last_keystroke', ...stats(lat), goal: 'median <= 150', note: 'includes the 50 ms debounce (SEARCH_DEBOUNCE_MS); the count is its own request and is not waited for', terms: terms.length, rows: b.clients });
  } finally {
    await browser.close();
    await app.close();
  }
}
