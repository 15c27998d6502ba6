// Import tests drive the real upload (raw bytes as the body, with a bearer token) and follow the
// job to its end: shared by the import test files.
import assert from 'node:assert/strict';
import type { ApiClient, TestApp } from './test-app.js';

export function importClient(t: TestApp) {
  const tokens = new Map<ApiClient, string>();
  const authOf = (who: ApiClient) => ({ authorization: `Bearer ${tokens.get(who)}` });
  return {
    authOf,
    /** gives the test user an API token, which the raw uploads send */
    async withToken<U extends ApiClient>(u: U): Promise<U> {
      tokens.set(u, (await u.post('/api/auth/tokens', { name: 'upload' })).body.token);
      return u;
    },
    async upload(who: ApiClient, name: string, bytes: Buffer) {
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/imports?name=${encodeURIComponent(name)}`,
        payload: bytes,
        headers: { ...authOf(who), 'content-type': 'application/octet-stream', origin: 'http://localhost:80', host: 'localhost:80' },
      });
      return { status: r.statusCode, body: JSON.parse(r.body) };
    },
    /** a dry run or the run, awaited to its end; the job as the API shows it */
    async runTo(who: ApiClient, id: number, kind: 'preview' | 'run', plan: unknown) {
      const r = await who.post(`/api/imports/${id}/${kind}`, plan);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      await t.app.imports.waitFor(id);
      const j = await who.get(`/api/imports/${id}`);
      assert.equal(j.body.status, kind === 'preview' ? 'previewed' : 'done', JSON.stringify(j.body));
      return j.body;
    },
  };
}
