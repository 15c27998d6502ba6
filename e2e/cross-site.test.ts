import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startE2E, untilCount, type E2E } from './harness.js';

// docs/security.md §10 in a real browser: a page of another origin (127.0.0.1 on another port — the same
// *site* for SameSite purposes, so the browser does attach the session cookie) posts a form and
// fetches against the Clientela API while the user is logged in. Only the Origin check stands
// in the way; every write must fail and nothing may change.
let e: E2E;
let evil: http.Server;
let evilBase: string;

function attackPage(base: string) {
  const body = JSON.stringify({ kind: 'person', surname: 'CSRF fetch' });
  return `<!doctype html><html><body>
<iframe name="sink1"></iframe><iframe name="sink2"></iframe><iframe name="sink3"></iframe>
<form id="demo" method="POST" action="${base}/api/demo" target="sink1"></form>
<form id="client" method="POST" action="${base}/api/clients" enctype="text/plain" target="sink2"><input name='{"kind":"person","surname":"CSRF form","x":"' value='"}'></form>
<form id="logout" method="POST" action="${base}/api/auth/logout" target="sink3"></form>
<script>
  for (const id of ['demo', 'client', 'logout']) document.getElementById(id).submit();
  const at = (p, init) => fetch('${base}' + p, Object.assign({ method: 'POST', credentials: 'include' }, init)).then((r) => r.type + ':' + r.status, (e) => 'error:' + e.name);
  Promise.all([
    at('/api/demo', { mode: 'no-cors' }),
    at('/api/clients', { mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(body)} }),
    at('/api/clients', { headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(body)} }),
    at('/api/auth/tokens', { mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"name":"stolen"}' }),
  ]).then((r) => { document.title = 'done ' + JSON.stringify(r); });
</script></body></html>`;
}

before(async () => {
  e = await startE2E();
  await e.addUser('boss', 'admin');
  evil = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(attackPage(e.base));
  });
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
  evilBase = `http://127.0.0.1:${(evil.address() as { port: number }).port}`;
});
after(async () => {
  await new Promise((r) => evil.close(r));
  await e.close();
});

describe('a page of another origin, while the user is logged in', () => {
  it('cannot write through forms or fetch: every request is refused and nothing changes', async () => {
    const { page, context } = await e.page({ login: 'boss' });
    assert.notEqual(new URL(evilBase).port, new URL(e.base).port);
    const count = async (table: 'clients' | 'apiTokens' | 'sessions') =>
      Number(
        (
          await e.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = { clients: await count('clients'), tokens: await count('apiTokens'), sessions: await count('sessions') };

    const seen: { method: string; url: string; status: number; cookie: boolean }[] = [];
    const noting: Promise<void>[] = [];
    page.on('response', (r) => {
      if (!r.url().startsWith(`${e.base}/api/`)) return;
      noting.push(
        r
          .request()
          .allHeaders()
          .then((headers) => {
            seen.push({
              method: r.request().method(),
              url: r.url().slice(e.base.length),
              status: r.status(),
              cookie: /clientela_session=/.test(headers.cookie ?? ''),
            });
          }),
      );
    });
    await page.goto(evilBase);
    await page.waitForFunction(() => document.title.startsWith('done'));
    // the three form posts land in their frames: each leaves about:blank once its answer came (for
    // Chromium's error page, as frame-ancestors 'none' refuses to show it); every answer seen is
    // noted before counting
    const landed = async () => ['sink1', 'sink2', 'sink3'].filter((name) => !/^(about:blank)?$/.test(page.frame({ name })?.url() ?? '')).length;
    await untilCount(landed, 3, 'the three form posts were answered in their frames');
    await Promise.all(noting);
    const results = JSON.parse((await page.title()).slice(5)) as string[];
    assert.equal(results[2], 'error:TypeError', 'a JSON fetch needs a CORS preflight, which the server does not grant');

    const posts = seen.filter((s) => s.method === 'POST');
    assert.ok(posts.length >= 6, JSON.stringify(seen));
    assert.deepEqual(
      posts.filter((s) => s.status !== 403),
      [],
      'every write was refused',
    );
    assert.ok(
      posts.some((s) => s.cookie),
      'the browser sent the session cookie (same site, other origin)',
    );
    // Each refusal is audited under the logged-in user: the session did reach the server (an
    // anonymous write would have been a 401), and the Origin check alone refused it.
    const boss = (await e.db.selectFrom('users').select('id').where('login', '=', 'boss').executeTakeFirstOrThrow()).id;
    const denied = await e.db.selectFrom('auditLog').select('changes').where('action', '=', 'access.denied').where('userId', '=', boss).execute();
    assert.equal(denied.filter((d) => JSON.stringify(d.changes).includes('CROSS_SITE_REQUEST')).length, posts.length);

    assert.deepEqual(
      { clients: await count('clients'), tokens: await count('apiTokens'), sessions: await count('sessions') },
      before,
      'no demo base, no client, no token, not logged out',
    );
    await page.goto(e.base);
    await page.getByText('No clients yet').waitFor(); // still logged in, still an empty base
    await context.close();
  });
});
