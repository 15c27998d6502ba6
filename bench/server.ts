import os from 'node:os';
import path from 'node:path';
// The real HTTP API on 127.0.0.1 (random port), authenticated with an admin API token, the way
// a script or an integration would call it.
import { buildApp, type AppInstance } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import type { Actor } from '../src/server/modules/access/rights.js';
import { createToken } from '../src/server/modules/auth/tokens.service.js';
import { generatorCommand, type BenchDb } from './data.js';

export type BenchContext = {
  b: BenchDb;
  app: AppInstance;
  base: string;
  token: string;
  actor: Actor;
  rounds: number;
  /** data size and how it was made, added to every figure */
  data: { rows: number; data: string; sales?: number };
  get: <T = unknown>(path: string) => Promise<T>;
  post: <T = unknown>(path: string, body: unknown, status?: number) => Promise<T>;
  /** a body already encoded as JSON (the bench client's own JSON.stringify then runs before the timer, not on the server's clock) */
  postJson: <T = unknown>(path: string, json: string, status?: number) => Promise<T>;
};

export async function startServer(b: BenchDb, target: number, rounds: number): Promise<BenchContext> {
  const app = await buildApp({
    db: b.db,
    config: loadConfig({
      CLIENTELA_DATA_DIR: '/nonexistent',
      CLIENTELA_UPLOAD_DIR: path.join(os.tmpdir(), 'clientela-bench-uploads'),
      LOG_LEVEL: 'warn',
    }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const adminId = (await b.db.selectFrom('users').select('id').where('login', '=', 'admin').executeTakeFirstOrThrow()).id;
  const actor = (await app.auth.actorForUser(adminId, 'token'))!;
  const { token } = await createToken(b.db, actor, 'bench');
  const headers = { authorization: `Bearer ${token}` };
  const check = async (path: string, r: Response, status: number) => {
    if (r.status !== status) throw new Error(`${path}: ${r.status} ${(await r.text()).slice(0, 500)}`);
    return r.json();
  };
  return {
    b,
    app,
    base,
    token,
    actor,
    rounds,
    data: { rows: b.clients, data: generatorCommand(target) },
    get: async (path) => check(path, await fetch(base + path, { headers }), 200),
    post: async (path, body, status = 200) =>
      check(
        path,
        await fetch(base + path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        status,
      ),
    postJson: async (path, json, status = 200) =>
      check(path, await fetch(base + path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: json }), status),
  };
}
