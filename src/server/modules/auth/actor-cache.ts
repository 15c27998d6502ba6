// Resolving a session or token to an Actor costs a database round trip on every request.
// Resolved actors are kept for a few seconds; any change that could alter one (user, role,
// token, session, password) bumps the epoch and so drops every cached entry at once.
// Changes made by another process (the CLI's `user set-role`) reach a running server within
// TTL_MS.
import type { Actor } from '../access/rights.js';

const TTL_MS = 5_000;
let epoch = 0;
const entries = new Map<string, { actor: Actor; epoch: number; until: number }>();

export function bumpAuthEpoch(): void {
  epoch += 1;
  entries.clear();
}

export function cachedActor(key: string, now = Date.now()): Actor | undefined {
  const e = entries.get(key);
  if (!e || e.epoch !== epoch || e.until <= now) return undefined;
  return e.actor;
}

/** `deadline`: when the credential itself ends (a session's idle or absolute timeout); the entry never outlives it. */
export function cacheActor(key: string, actor: Actor, now = Date.now(), deadline = Infinity): void {
  if (entries.size > 10_000) entries.clear();
  entries.set(key, { actor, epoch, until: Math.min(now + TTL_MS, deadline) });
}
