import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, validationError } from './errors.js';

export const SESSION_COOKIE = 'clientela_session';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session cookie's attributes (SECURITY 18), for every route that logs someone in. */
export const sessionCookieOptions = (config: { secureCookies: boolean; sessionMaxSeconds: number }) => ({
  path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies, maxAge: config.sessionMaxSeconds,
});

/** SECURITY 19: a write by cookie (or one that logs in) must come from our own origin. */
function sameOrigin(req: FastifyRequest): boolean {
  const source = req.headers.origin ?? req.headers.referer;
  if (!source) return false;
  try {
    // Both through URL, so that a default port (":80") compares equal to no port.
    return new URL(source).host === new URL(`http://${req.headers.host ?? ''}`).host;
  } catch {
    return false;
  }
}

/** The path of the first string or key holding U+0000, which PostgreSQL text and jsonb cannot store. */
export function nulPath(v: unknown, path = '', depth = 0): string | undefined {
  if (typeof v === 'string') return v.includes('\u0000') ? path || 'body' : undefined;
  if (!v || typeof v !== 'object' || depth > 64) return undefined;
  // parsed input only: a stream body (an upload, read by its route) is not walked — through its
  // socket and server the walk would never end
  if (typeof (v as { pipe?: unknown }).pipe === 'function' || ArrayBuffer.isView(v)) return undefined;
  for (const [k, x] of Object.entries(v)) {
    const p = path ? `${path}.${k}` : k;
    if (k.includes('\u0000')) return p;
    const found = nulPath(x, p, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function registerSecurity(app: FastifyInstance) {
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const authz = req.headers.authorization;
    if (authz?.startsWith('Bearer ')) {
      req.actorOrNull = (await app.auth.actorForToken(authz.slice(7).trim())) ?? null;
      if (!req.actorOrNull) throw new AppError('UNAUTHENTICATED', 'The API token is not valid');
      return;
    }
    const sid = req.cookies[SESSION_COOKIE];
    if (sid) req.actorOrNull = (await app.auth.actorForSession(sid)) ?? null;
    // Cookie-authenticated writes, and the public writes that hand out a session (login, setup,
    // accepting an invitation), must come from our own pages: otherwise another site could act
    // with the user's cookie, or log the browser into an account of the attacker's choosing.
    if (!SAFE.has(req.method) && (req.actorOrNull || req.routeOptions.config?.public) && !sameOrigin(req)) {
      throw new AppError('CROSS_SITE_REQUEST', 'The request did not come from this site');
    }
  });

  // SECURITY 8/21: a NUL character would fail inside SQL (a 500); refuse it as invalid input instead.
  app.addHook('preValidation', async (req) => {
    const field = nulPath(req.params) ?? nulPath(req.query) ?? nulPath(req.body);
    if (field !== undefined) throw validationError([{ field, message: 'must not contain the NUL character' }]);
  });

  app.addHook('preHandler', async (req) => {
    if (!req.url.startsWith('/api/') || req.routeOptions.config?.public) return;
    if (req.routeOptions.url?.startsWith('/api/docs')) return;
    if (!req.actorOrNull) throw new AppError('UNAUTHENTICATED', 'Log in first');
  });

  app.addHook('onSend', async (req, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    if (!req.url.startsWith('/api/docs')) {
      reply.header('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
    }
    if (req.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
  });
}
