import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { SESSION_COOKIE, sessionCookieOptions } from '../../shared/security.js';
import { InviteAccept, InviteCheck, InviteCreate, InviteCreated, InviteOut } from './invites.schemas.js';
import { acceptInvite, checkInvite, createInvite, listInvites, revokeInvite } from './invites.service.js';
import { IdParams } from '../../shared/id.schemas.js';

export async function invitesRoutes(app: AppInstance) {
  const db = app.deps.db;
  app.get(
    '/api/invites',
    {
      schema: { tags: ['users'], summary: 'Pending invitations', response: { 200: Type.Object({ items: Type.Array(InviteOut) }) } },
    },
    async (req) => ({ items: await listInvites(db, req.actor()) }),
  );

  app.post(
    '/api/invites',
    {
      schema: {
        tags: ['users'],
        summary: 'Invite a user: returns a one-time token (valid 72 h) for the link /invite#<token>; the invitee sets their own password',
        body: InviteCreate,
        response: { 201: InviteCreated },
      },
    },
    async (req, reply) => reply.status(201).send(await createInvite(db, req.actor(), req.body, req.ip)),
  );

  app.delete(
    '/api/invites/:id',
    {
      schema: { tags: ['users'], summary: 'Revoke a pending invitation', params: IdParams, response: { 200: Type.Object({ ok: Type.Boolean() }) } },
    },
    async (req) => {
      await revokeInvite(db, req.actor(), req.params.id, req.ip);
      return { ok: true };
    },
  );

  // The token travels in the body (not the address), so it stays out of logs and Referer headers.
  app.post(
    '/api/invites/check',
    {
      config: { public: true },
      schema: {
        tags: ['users'],
        summary: 'Who an invitation is for (404 INVITE_NOT_VALID when used, revoked or expired)',
        body: InviteCheck,
        response: { 200: Type.Object({ login: Type.String(), name: Type.String(), locale: Type.String() }) },
      },
    },
    async (req) => checkInvite(db, req.body.token),
  );

  app.post(
    '/api/invites/accept',
    {
      config: { public: true },
      schema: {
        tags: ['users'],
        summary: 'Accept an invitation: set the password, create the account and log in (sets the session cookie)',
        body: InviteAccept,
        response: { 201: Type.Object({ userId: Type.Integer() }) },
      },
    },
    async (req, reply) => {
      const { userId, login } = await acceptInvite(db, req.body.token, req.body.password, (id) => app.auth.actorForUser(id, 'session'), req.ip);
      const { sessionId } = await app.auth.login(login, req.body.password, req.ip, req.cookies[SESSION_COOKIE]);
      reply.setCookie(SESSION_COOKIE, sessionId, sessionCookieOptions(app.deps.config));
      return reply.status(201).send({ userId });
    },
  );
}
