// The rating scan's worker thread (started by rating-scan.ts): answers { id, input } with { id, core }.
import { parentPort } from 'node:worker_threads';
import { scanRating, type ScanInput } from './rating-scan.js';

parentPort!.on('message', (m: { id: number; input: ScanInput }) => {
  try {
    parentPort!.postMessage({ id: m.id, core: scanRating(m.input) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: String(e instanceof Error ? e.stack : e) });
  }
});
