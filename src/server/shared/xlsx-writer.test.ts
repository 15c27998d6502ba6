// The streaming XLSX writer and its ZIP: a file that reads back cell for cell, and a
// download closed half-way that stops the rows' source and leaves no error unhandled.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readTable } from '../modules/import/readers.js';
import type { Cell } from './tabular.js';
import { xlsxStream } from './xlsx-writer.js';

async function bytesOf(s: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe('XLSX writer', () => {
  it('writes a file a spreadsheet reads back: text, numbers, gaps, escapes, Cyrillic, past the first buffer', async () => {
    const rows: Cell[][] = [['ID', 'Имя', 'Сумма', 'Note']];
    for (let i = 1; i <= 5000; i++) rows.push([i, `Иванов ${i} & <Ко>`, i % 7 === 0 ? null : i + 0.25, i % 3 ? '' : '=HYPERLINK("x")']);
    const file = await bytesOf(xlsxStream(rows, { sheet: 'Клиенты', moneyColumns: new Set([2]) }));
    // the import's own XLSX reader (LibreOffice reads the export too: the import round-trip test);
    // it checks the zip's CRC and sizes as it unpacks
    const dir = mkdtempSync(path.join(os.tmpdir(), 'clientela-xlsx-'));
    try {
      writeFileSync(path.join(dir, 'x.xlsx'), file);
      const { info, rows: back } = await readTable(path.join(dir, 'x.xlsx'));
      assert.equal(info.format, 'xlsx');
      const read: string[][] = [];
      for await (const r of back) read.push(r);
      assert.equal(read.length, 5001);
      assert.deepEqual(read[0], ['ID', 'Имя', 'Сумма', 'Note']);
      for (const i of [1, 7, 2999, 5000]) {
        const r = read[i]!;
        assert.deepEqual(
          [r[0], r[1], r[2] ?? '', r[3] ?? ''],
          [String(i), `Иванов ${i} & <Ко>`, i % 7 === 0 ? '' : String(i + 0.25), i % 3 ? '' : '=HYPERLINK("x")'],
          `row ${i}`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops reading the rows when the download is closed half-way, with no error left unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    let produced = 0;
    let closed = false;
    async function* rows(): AsyncGenerator<Cell[]> {
      try {
        for (let i = 0; i < 5_000_000; i++) {
          produced++;
          yield [i, `row ${i} with some text to fill the buffers`, i * 2];
        }
      } finally {
        closed = true;
      }
    }
    const stream = xlsxStream(rows(), { sheet: 'x' });
    let got = 0;
    await assert.rejects(
      pipeline(
        stream,
        new Writable({
          write(c: Buffer, _e, cb) {
            got += c.length;
            // the client goes away after the first 100 KB
            cb(got > 100_000 ? new Error('client gone') : null);
          },
        }),
      ),
      /client gone/,
    );
    for (let i = 0; i < 100 && !closed; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    process.off('unhandledRejection', onUnhandled);
    assert.ok(closed, 'the rows generator was closed');
    assert.ok(produced < 5_000_000, `stopped early (${produced} rows read)`);
    assert.deepEqual(unhandled, []);
  });
});
