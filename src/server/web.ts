// Serves the built browser app (dist/web) and answers unknown non-API paths with index.html,
// so client-side routes (/clients/42) survive a reload. `serve` builds the app when missing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const webRoot = path.resolve(import.meta.dirname, '../../dist/web');

export async function buildWebIfMissing(log: (s: string) => void): Promise<void> {
  if (existsSync(path.join(webRoot, 'index.html'))) return;
  log('building the web app (first start)…');
  const { build } = await import('vite');
  await build({ configFile: path.resolve(import.meta.dirname, '../../vite.config.ts'), logLevel: 'warn' });
}

export async function registerWeb(app: FastifyInstance): Promise<void> {
  if (!existsSync(path.join(webRoot, 'index.html'))) return;
  await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: ['index.html'] });
}

export function isAppRoute(url: string, method: string): boolean {
  return method === 'GET' && !url.startsWith('/api/') && !url.startsWith('/ical/') && !path.extname(url.split('?')[0]!);
}
