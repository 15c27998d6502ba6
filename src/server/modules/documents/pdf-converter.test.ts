// The PDF converter without a database: no soffice is a clear 503 code, a hung soffice is killed at
// the timeout, conversions queue one at a time.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { AppError } from '../../shared/errors.js';
import { defaultTemplate } from './default-templates.js';
import { docxToPdf, findSoffice } from './pdf-converter.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'clientela-pdf-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('docxToPdf', () => {
  it('answers PDF_CONVERTER_MISSING when no soffice is installed', async () => {
    assert.equal(findSoffice({ PATH: dir }), undefined);
    assert.equal(findSoffice({ CLIENTELA_SOFFICE: path.join(dir, 'none') }), undefined);
    await assert.rejects(docxToPdf(Buffer.from('x'), { soffice: '' }), (e: unknown) => e instanceof AppError && e.code === 'PDF_CONVERTER_MISSING');
  });

  it('kills a soffice that hangs at the timeout, and the next conversion still runs', async () => {
    const hung = path.join(dir, 'soffice');
    writeFileSync(hung, '#!/bin/sh\nsleep 30\n');
    chmodSync(hung, 0o755);
    const started = Date.now();
    const both = await Promise.allSettled([
      docxToPdf(Buffer.from('x'), { soffice: hung, timeoutMs: 300 }),
      docxToPdf(Buffer.from('y'), { soffice: hung, timeoutMs: 300 }),
    ]);
    for (const r of both) {
      assert.equal(r.status, 'rejected');
      assert.ok((r as PromiseRejectedResult).reason instanceof AppError && (r as PromiseRejectedResult).reason.code === 'PDF_CONVERSION_FAILED');
    }
    const took = Date.now() - started;
    assert.ok(took >= 550 && took < 10_000, `one after the other, each killed at its timeout: ${took} ms`);
  });

  it('converts the shipped invoice with LibreOffice when it is installed', { skip: findSoffice() ? false : 'no soffice here' }, async () => {
    const pdf = await docxToPdf(defaultTemplate('invoice', 'ru')!);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  });
});
