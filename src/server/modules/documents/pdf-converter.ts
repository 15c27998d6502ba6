// DOCX → PDF through LibreOffice headless (issue 16; docs/documents.md, "PDF"). `soffice` runs one
// conversion at a time (a queue in this process), each with its own user profile in a fresh
// temporary folder (parallel runs on a shared profile fail on its lock, libreoffice-convert #21),
// and under a timeout that kills its whole process group (a hung soffice would block its caller
// for ever, docling #3819). Without soffice the caller gets PDF_CONVERTER_MISSING (503) and the
// DOCX still works.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';

/** The soffice binary: CLIENTELA_SOFFICE, else the first `soffice` on the PATH; undefined when none. */
export function findSoffice(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const named = env.CLIENTELA_SOFFICE;
  const candidates =
    named !== undefined
      ? [named]
      : (env.PATH ?? '')
          .split(path.delimiter)
          .filter(Boolean)
          .map((d) => path.join(d, 'soffice'));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      /* next */
    }
  }
  return undefined;
}

const DEFAULT_TIMEOUT_MS = Number(process.env.CLIENTELA_PDF_TIMEOUT_MS) > 0 ? Number(process.env.CLIENTELA_PDF_TIMEOUT_MS) : 120_000;

let queue: Promise<unknown> = Promise.resolve();

/** Runs `work` after every conversion queued before it (one soffice at a time in this process). */
function serialised<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => {});
  return run;
}

function runSoffice(bin: string, args: string[], timeoutMs: number): Promise<{ code: number | null; stderr: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    // its own process group, so the timeout kills soffice.bin and whatever it started too
    const child = spawn(bin, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 4000) stderr += c.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, timedOut });
    });
  });
}

/** The PDF of a DOCX; PDF_CONVERTER_MISSING when no soffice is installed, PDF_CONVERSION_FAILED when it fails or times out. */
export async function docxToPdf(docx: Buffer, opts: { timeoutMs?: number; soffice?: string } = {}): Promise<Buffer> {
  const bin = opts.soffice ?? findSoffice();
  if (!bin) {
    throw new AppError(
      'PDF_CONVERTER_MISSING',
      'No PDF converter is installed (LibreOffice: apt-get install libreoffice-writer-nogui); the DOCX is available',
      [{ field: 'format', message: 'PDF is not available on this server; download the DOCX' }],
    );
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return serialised(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'clientela-pdf-'));
    try {
      const input = path.join(dir, 'document.docx');
      await writeFile(input, docx, { mode: 0o600 });
      const profile = `file://${path.join(dir, 'profile')}`;
      const r = await runSoffice(
        bin,
        [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--nolockcheck', '--convert-to', 'pdf', '--outdir', dir, input],
        timeoutMs,
      );
      const fail = (why: string) => new AppError('PDF_CONVERSION_FAILED', `The PDF conversion failed: ${why}`, [{ field: 'format', message: why }]);
      if (r.timedOut) throw fail(`LibreOffice did not finish within ${Math.round(timeoutMs / 1000)} s`);
      let pdf: Buffer;
      try {
        pdf = await readFile(path.join(dir, 'document.pdf'));
      } catch {
        throw fail(`LibreOffice made no PDF (exit code ${r.code}) ${r.stderr.trim().slice(0, 300)}`.trim());
      }
      if (!pdf.subarray(0, 5).equals(Buffer.from('%PDF-'))) throw fail('LibreOffice made something that is not a PDF');
      return pdf;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
