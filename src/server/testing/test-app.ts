// The real app on a real database, driven through HTTP with inject(). Users log in through
// API tokens (one argon2 hash per user) or through the login endpoint when a test needs cookies.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type AppInstance } from '../app.js';
import { loadConfig } from '../config.js';
import { createToken } from '../modules/auth/tokens.service.js';
import { findRoleByKey } from '../modules/users/users.repository.js';
import { createUser } from '../modules/users/users.service.js';
import { createTestDb, type TestDb } from './test-db.js';

export const ORIGIN = 'http://localhost:80';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type Res = { status: number; body: any; headers: Record<string, unknown>; raw: Buffer };

export type ApiClient = {
  userId: number;
  login: string;
  /** `headers` are added to the request's (a raw Buffer body with its own content-type: an upload) */
  req: (method: Method, url: string, body?: unknown, headers?: Record<string, string>) => Promise<Res>;
  get: (url: string) => Promise<Res>;
  post: (url: string, body?: unknown) => Promise<Res>;
  patch: (url: string, body?: unknown) => Promise<Res>;
  put: (url: string, body?: unknown) => Promise<Res>;
  del: (url: string) => Promise<Res>;
};

export type TestApp = TestDb & {
  app: AppInstance;
  /** a user with a built-in role (admin, senior, manager, readonly) or a role id, and an API client for them */
  user: (role: string | number, opts?: { departmentId?: number | null; login?: string }) => Promise<ApiClient>;
  department: (name: string) => Promise<number>;
  anonymous: ApiClient;
  /** logs in through POST /api/auth/login and returns a client that sends the session cookie */
  cookieLogin: (login: string, password?: string) => Promise<ApiClient & { cookie: string }>;
  close: () => Promise<void>;
};

let counter = 0;

export async function startTestApp(opts: { schema?: string; env?: NodeJS.ProcessEnv; database?: string } = {}): Promise<TestApp> {
  const tdb = await createTestDb({ schema: opts.schema, name: opts.database });
  const uploads = mkdtempSync(path.join(os.tmpdir(), 'clientela-uploads-'));
  // backups of this app go to its own temporary folder, never to one that other test files share
  const config = loadConfig({
    CLIENTELA_DATA_DIR: '/nonexistent',
    CLIENTELA_UPLOAD_DIR: uploads,
    CLIENTELA_BACKUP_DIR: path.join(uploads, 'backups'),
    CLIENTELA_FILES_DIR: path.join(uploads, 'files'),
    ...opts.env,
  });
  const app = await buildApp({ db: tdb.db, pool: tdb.pool, config });
  await app.ready();

  const client = (headers: Record<string, string>, userId = 0, login = ''): ApiClient => {
    const req = async (method: Method, url: string, body?: unknown, extra: Record<string, string> = {}): Promise<Res> => {
      const r = await app.inject({
        method,
        url,
        headers: { origin: ORIGIN, host: 'localhost:80', ...headers, ...extra },
        ...(body !== undefined ? { payload: body as object } : {}),
      });
      let parsed: unknown = r.body;
      try {
        parsed = JSON.parse(r.body);
      } catch {
        /* not JSON */
      }
      return { status: r.statusCode, body: parsed, headers: r.headers, raw: r.rawPayload };
    };
    return {
      userId,
      login,
      req,
      get: (u) => req('GET', u),
      post: (u, b) => req('POST', u, b ?? {}),
      patch: (u, b) => req('PATCH', u, b),
      put: (u, b) => req('PUT', u, b),
      del: (u) => req('DELETE', u),
    };
  };

  return {
    ...tdb,
    app,
    anonymous: client({}),
    department: async (name) => (await tdb.db.insertInto('departments').values({ name }).returning('id').executeTakeFirstOrThrow()).id,
    user: async (role, o = {}) => {
      const roleId = typeof role === 'number' ? role : (await findRoleByKey(tdb.db, role))!.id;
      const login = o.login ?? `u${++counter}_${typeof role === 'string' ? role : 'r'}`;
      const u = await createUser(tdb.db, null, {
        login,
        name: `User ${login}`,
        password: 'correct-horse-battery',
        roleId,
        departmentId: o.departmentId ?? null,
      });
      const actor = (await app.auth.actorForUser(u.id, 'token'))!;
      const { token } = await createToken(tdb.db, actor, 'test');
      return client({ authorization: `Bearer ${token}` }, u.id, login);
    },
    cookieLogin: async (login, password = 'correct-horse-battery') => {
      const r = await client({}).post('/api/auth/login', { login, password });
      if (r.status !== 200) throw new Error(`login ${login}: ${r.status} ${JSON.stringify(r.body)}`);
      const cookie = String(r.headers['set-cookie']).split(';')[0]!;
      return { ...client({ cookie }, r.body.userId, login), cookie };
    },
    close: async () => {
      await app.close();
      await tdb.drop();
      rmSync(uploads, { recursive: true, force: true });
    },
  };
}

/** A minimal valid person with an optional phone. */
export function person(surname: string, extra: Record<string, unknown> = {}) {
  return { kind: 'person', surname, firstName: 'Test', ...extra };
}
