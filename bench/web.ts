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
  print({
    bench: 'web.bundle',
    js_files: first.size,
    js_gzip_kb: gzOf([...first]),
    lazy_files: lazy.length,
    lazy_gzip_kb: gzOf(lazy),
    goal: '<= 250 KB gzip',
  });

  const app = await buildApp({ db: b.db, config: loadConfig({ CLIENTELA_DATA_DIR: '/nonexistent', LOG_LEVEL: 'warn' }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
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
    print({
      bench: 'web.journal_first_render',
      ...stats(first),
      goal: 'median <= 1000',
      note: 'navigation to first rows visible, cached assets',
      rows: b.clients,
    });

    const box = page.getByLabel('Search by name, phone, email or INN');
    const terms = ['петр', 'морозо', 'smith', 'ольга', '9123', 'ова', 'kuzn', 'альфа'];
    const lat: number[] = [];
    // Where the time goes, measured inside the page (performance.now): the last keydown -> the
    // request for the whole term starts (debounce, rendering) -> its response ends (network, server,
    // transfer) -> the first row shows the answer in the DOM (JSON, React) -> the next frame is painted.
    await page.addInitScript(() => {
      const w = window as unknown as { __bench: { keys: number[]; rows: [number, string, number][] } };
      w.__bench = { keys: [], rows: [] };
      document.addEventListener('keydown', () => w.__bench.keys.push(performance.now()), true);
      new MutationObserver(() => {
        const first = document.querySelector('[role=row] a')?.textContent ?? '';
        const last = w.__bench.rows.at(-1);
        if (last && last[1] === first) return;
        const row: [number, string, number] = [performance.now(), first, 0];
        w.__bench.rows.push(row);
        // painted: the frame after the change (requestAnimationFrame runs before it is drawn, the timeout after)
        requestAnimationFrame(() => setTimeout(() => (row[2] = performance.now())));
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const phases: Record<'debounce_render' | 'request' | 'dom' | 'paint', number[]> = { debounce_render: [], request: [], dom: [], paint: [] };
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
        const at = await page.evaluate(
          ([q, name]) =>
            new Promise<number[] | null>((resolve) =>
              requestAnimationFrame(() =>
                setTimeout(() => {
                  const w = window as unknown as { __bench: { keys: number[]; rows: [number, string, number][] } };
                  const key = w.__bench.keys.at(-1)!;
                  // the first request for the whole term after its keystroke (a later one may be its next page)
                  const req = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find(
                    (e) => e.name.includes('/api/clients?') && e.startTime >= key && new URL(e.name).searchParams.get('q') === q,
                  );
                  const row = w.__bench.rows.find(([tm, text]) => tm > key && text === name);
                  resolve(req && row ? [req.startTime - key, req.responseEnd - req.startTime, row[0] - req.responseEnd, row[2] - row[0]] : null);
                }),
              ),
            ),
          [term, expected ?? ''] as const,
        );
        if (at) (['debounce_render', 'request', 'dom', 'paint'] as const).forEach((k, i) => phases[k].push(Math.round(at[i]!)));
      }
    }
    print({
      bench: 'web.search_phases',
      ...Object.fromEntries(Object.entries(phases).map(([k, v]) => [`${k}_median_ms`, v.length ? stats(v).median_ms : null])),
      note: 'in the page: last keydown -> request start -> response end -> first row in the DOM -> painted',
    });
    print({
      bench: 'web.search_after_last_keystroke',
      ...stats(lat),
      goal: 'median <= 150',
      note: 'a keystroke after a pause is sent at once (SEARCH_DEBOUNCE_MS applies to bursts only); the count is its own request and is not waited for',
      terms: terms.length,
      rows: b.clients,
    });
  } finally {
    await browser.close();
    await app.close();
  }
}
