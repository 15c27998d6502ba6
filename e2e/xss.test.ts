import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../src/server/modules/auth/tokens.service.js';
import { startE2E, type E2E } from './harness.js';

// docs/security.md §16: every value is rendered as text. A payload corpus goes into every client field,
// contact, tag, note, custom field value and custom field label; nothing may execute.
const corpus = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '"><svg onload=window.__xss=1>',
  "'><iframe src=javascript:window.__xss=1>",
  'javascript:window.__xss=1',
  "{{constructor.constructor('window.__xss=1')()}}",
  '${window.__xss=1}',
  '<a href="javascript:window.__xss=1">click</a>',
  '</textarea><script>window.__xss=1</script>',
];

let e: E2E;
before(async () => {
  e = await startE2E();
});
after(async () => e.close());

describe('stored XSS', () => {
  it('renders a payload corpus in every field as text, with no script execution, in the journal, card and history', async () => {
    const adminId = await e.addUser('admin', 'admin');
    const actor = (await e.app.auth.actorForUser(adminId, 'token'))!;
    const { token } = await createToken(e.db, actor, 'xss');
    const call = async (method: string, url: string, body: unknown) => {
      const r = await fetch(`${e.base}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await r.text();
      assert.ok(r.ok, `${url}: ${r.status} ${text}`);
      return JSON.parse(text);
    };
    await call('POST', '/api/custom-fields', { key: 'memo', label: corpus[1], type: 'text' });
    await call('POST', '/api/custom-fields', { key: 'kind2', label: corpus[2], type: 'choice', options: corpus });
    const ids: number[] = [];
    for (const [i, p] of corpus.entries()) {
      const c = await call('POST', '/api/clients', {
        kind: 'person',
        surname: p,
        firstName: p,
        patronymic: p,
        position: p,
        region: p,
        status: p,
        source: p,
        importance: p,
        notes: p,
        tags: [p],
        channels: [
          { type: 'messenger', label: p, value: p },
          { type: 'email', value: `x${i}@example.com` },
        ],
        contacts: [{ name: p, position: p }],
        custom: { memo: p, kind2: p },
      });
      ids.push(c.client.id);
      await call('PATCH', `/api/clients/${c.client.id}`, { version: 1, industry: p, notes: `${p}!` });
    }
    const { page, context, errors } = await e.page({ login: 'admin' });
    await page
      .getByTestId('client-count')
      .filter({ hasText: `${corpus.length} clients` })
      .waitFor(); // the journal drew every payload
    for (const id of ids) {
      await page.goto(`${e.base}/clients/${id}`);
      await page.getByTestId('history').waitFor();
      await page.getByRole('button', { name: 'Edit' }).click();
      await page.getByRole('button', { name: 'Cancel' }).click();
    }
    await page.goto(e.base);
    await page.getByLabel('Search by name, phone, email or INN').fill('script');
    // the count was already there before the search: wait for the search's own answer
    const matching = corpus.filter((p) => p.includes('script')).length;
    await page
      .getByTestId('client-count')
      .filter({ hasText: new RegExp(`^${matching} clients$`) })
      .waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('serves pages with a strict Content-Security-Policy and security headers', async () => {
    const r = await fetch(`${e.base}/clients/1`);
    assert.equal(r.status, 200);
    const csp = r.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /object-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('x-frame-options'), 'DENY');
    assert.match(await r.text(), /<div id="root">/);
  });
});
