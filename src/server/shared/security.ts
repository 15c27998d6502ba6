import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, validationError } from './errors.js';

export const SESSION_COOKIE = 'clientela_session';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session cookie's attributes (docs/security.md §9), for every route that logs someone in. */
export const sessionCookieOptions = (config: { secureCookies: boolean; sessionMaxSeconds: number }) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: config.secureCookies,
  maxAge: config.sessionMaxSeconds,
});

/** docs/security.md §10: a write by cookie (or one that logs in) must come from our own origin. */
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

/** A lone UTF-16 surrogate: not a character, so not storable as UTF-8 text (docs/security.md §14). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a text for PostgreSQL (text and jsonb take neither), or undefined. */
function textProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain the NUL character';
  if (LONE_SURROGATE.test(s)) return 'must not contain a lone surrogate (not a character)';
  return undefined;
}

/** The path of the first string or key PostgreSQL cannot store as text (a NUL, a lone surrogate), and why. */
export function badTextPath(v: unknown, path = '', depth = 0): { field: string; message: string } | undefined {
  if (typeof v === 'string') {
    const message = textProblem(v);
    return message ? { field: path || 'body', message } : undefined;
  }
  if (!v || typeof v !== 'object' || depth > 64) return undefined;
  // parsed input only: a stream body (an upload, read by its route) is not walked — through its
  // socket and server the walk would never end
  if (typeof (v as { pipe?: unknown }).pipe === 'function' || ArrayBuffer.isView(v)) return undefined;
  for (const [k, x] of Object.entries(v)) {
    const p = path ? `${path}.${k}` : k;
    const message = textProblem(k);
    if (message) return { field: p, message };
    const found = badTextPath(x, p, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The path of the first string or key PostgreSQL cannot store as text (a NUL, a lone surrogate). */
export const nulPath = (v: unknown): string | undefined => badTextPath(v)?.field;

/**
 * The path of the first number that is not finite. JSON turns a 400-digit number into Infinity,
 * and Ajv's coercion turns the text "Infinity" into it too; its range keywords (minimum, maximum)
 * then pass it over, so a schema alone does not stop one (docs/security.md §14).
 */
export function infinitePath(v: unknown, path = '', depth = 0): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : path || 'body';
  if (!v || typeof v !== 'object' || depth > 64) return undefined;
  if (typeof (v as { pipe?: unknown }).pipe === 'function' || ArrayBuffer.isView(v)) return undefined;
  for (const [k, x] of Object.entries(v)) {
    const found = infinitePath(x, path ? `${path}.${k}` : k, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * docs/security.md §10: whether the request is for the API is decided on the route the router matched —
 * it decodes and matches the path (`/%61pi/auth/login` is `/api/auth/login`) — never on the raw
 * URL. A request no route matched has no route and is answered 404 without an actor.
 */
export function apiRoute(req: FastifyRequest): boolean {
  return req.routeOptions.url?.startsWith('/api/') ?? false;
}

export function registerSecurity(app: FastifyInstance) {
  app.addHook('onRequest', async (req) => {
    if (!apiRoute(req)) return;
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

  // docs/security.md §6, §13, §14: a NUL character or a lone surrogate would fail inside SQL or be stored
  // mangled; refuse it as invalid input instead, naming the field.
  app.addHook('preValidation', async (req) => {
    const bad = badTextPath(req.params) ?? badTextPath(req.query) ?? badTextPath(req.body);
    if (bad !== undefined) throw validationError([bad]);
  });

  app.addHook('preHandler', async (req) => {
    // after validation, which may have coerced "Infinity" into a number its range did not stop
    const field = infinitePath(req.params) ?? infinitePath(req.query) ?? infinitePath(req.body);
    if (field !== undefined) throw validationError([{ field, message: 'must be a finite number' }]);
    if (!apiRoute(req) || req.routeOptions.config?.public) return;
    if (req.routeOptions.url?.startsWith('/api/docs')) return;
    if (!req.actorOrNull) throw new AppError('UNAUTHENTICATED', 'Log in first');
  });

  app.addHook('onSend', async (req, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    if (!req.routeOptions.url?.startsWith('/api/docs')) {
      reply.header(
        'Content-Security-Policy',
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
      );
    }
    if (apiRoute(req) || req.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
  });
}
