import { formatPercent } from '../../shared/money.js';
import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { SESSION_COOKIE, sessionCookieOptions } from '../../shared/security.js';
import { Login, Password } from '../users/users.schemas.js';
import { findUser } from '../users/users.service.js';
import { setPassword } from '../users/users.service.js';
import { checkPasswordPolicy } from './password.js';
import { createToken, deleteToken, listTokens } from './tokens.service.js';
import { runSetup, setupNeeded } from './setup.service.js';
import { SetupBody } from '../users/users.schemas.js';
import { IdParams } from '../../shared/id.schemas.js';
import { fieldRightsOut, rightsOut } from '../access/rights.js';
import { Me } from './auth.schemas.js';

const Ok = Type.Object({ ok: Type.Boolean() });

export async function authRoutes(app: AppInstance) {
  const cookieOpts = () => sessionCookieOptions(app.deps.config);

  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Log in with login and password; sets the HttpOnly session cookie',
        body: Type.Object({ login: Type.String({ minLength: 1, maxLength: 64 }), password: Password }, { additionalProperties: false }),
        response: { 200: Type.Object({ userId: Type.Integer() }) },
      },
    },
    async (req, reply) => {
      const { sessionId, userId } = await app.auth.login(req.body.login, req.body.password, req.ip, req.cookies[SESSION_COOKIE]);
      reply.setCookie(SESSION_COOKIE, sessionId, cookieOpts());
      return { userId };
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'End this session', response: { 200: Ok } } }, async (req, reply) => {
    const sid = req.cookies[SESSION_COOKIE];
    if (sid) await app.auth.logout(sid, req.actor().userId, req.ip);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: 'The logged-in user and their role', response: { 200: Me } } }, async (req) => {
    const a = req.actor();
    const user = (await findUser(app.deps.db, a.userId))!;
    return {
      user,
      role: {
        key: a.roleKey,
        isAdmin: a.isAdmin,
        scope: a.scope,
        rights: rightsOut(a.rights),
        fieldRights: fieldRightsOut(a.fieldRights),
        maxDiscount: a.maxDiscountBp === null || a.maxDiscountBp === undefined ? null : formatPercent(a.maxDiscountBp),
      },
    };
  });

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change own password (ends all your sessions and revokes your API tokens; log in again)',
        body: Type.Object({ currentPassword: Password, newPassword: Password }, { additionalProperties: false }),
        response: { 200: Ok },
      },
    },
    async (req, reply) => {
      const a = req.actor();
      checkPasswordPolicy(req.body.newPassword, 'newPassword');
      // Re-check the current password through the login path (rate limits and audit included).
      await app.auth.login(a.login, req.body.currentPassword, req.ip);
      await setPassword(app.deps.db, a, a.userId, req.body.newPassword, req.ip);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.get(
    '/api/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'My API tokens',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.Integer(),
                name: Type.String(),
                createdAt: Type.String(),
                lastUsedAt: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await listTokens(app.deps.db, req.actor()) }),
  );

  app.post(
    '/api/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create a personal API token (shown once); use it as "Authorization: Bearer <token>"',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.Integer(), name: Type.String(), token: Type.String() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await createToken(app.deps.db, req.actor(), req.body.name, req.ip)),
  );

  app.delete(
    '/api/auth/tokens/:id',
    {
      schema: { tags: ['auth'], summary: 'Revoke one of my API tokens', params: IdParams, response: { 200: Ok } },
    },
    async (req) => {
      await deleteToken(app.deps.db, req.actor(), req.params.id, req.ip);
      return { ok: true };
    },
  );

  app.get(
    '/api/setup',
    {
      config: { public: true },
      schema: { tags: ['setup'], summary: 'Whether first-run setup is still needed', response: { 200: Type.Object({ needed: Type.Boolean() }) } },
    },
    async () => ({ needed: await setupNeeded(app.deps.db) }),
  );

  app.post(
    '/api/setup',
    {
      config: { public: true },
      schema: {
        tags: ['setup'],
        summary: 'First-run setup: create the first administrator with the one-time token printed at start',
        body: SetupBody,
        response: { 201: Type.Object({ userId: Type.Integer() }) },
      },
    },
    async (req, reply) => {
      const userId = await runSetup(app.deps.db, req.body, req.ip);
      const { sessionId } = await app.auth.login(req.body.login, req.body.password, req.ip);
      reply.setCookie(SESSION_COOKIE, sessionId, cookieOpts());
      return reply.status(201).send({ userId });
    },
  );
}

export { Login };
