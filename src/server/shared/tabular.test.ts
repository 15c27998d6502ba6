// The CSV writer of exports: the same text as joining csvCell line by line, in buffers that split
// anywhere (never inside a UTF-8 character's bytes when decoded whole), a BOM once at the start.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, csvChunks, toCsv, type Cell } from './tabular.js';

async function text(rows: Cell[][]) {
  const parts: Buffer[] = [];
  for await (const b of csvChunks(rows)) parts.push(b);
  return { parts, whole: Buffer.concat(parts).toString('utf8') };
}

describe('CSV writer', () => {
  it('writes what csvCell and toCsv write, past many buffers, with Cyrillic, quotes, formulas and a line longer than a buffer', async () => {
    const rows: Cell[][] = [['ID', 'Имя', 'Сумма', 'Заметка']];
    for (let i = 1; i <= 30_000; i++) {
      rows.push([i, `Ёлкина ${i}, "ООО"`, i % 5 === 0 ? null : i + 0.5, i % 3 === 0 ? `=SUM(A${i})` : i % 7 === 0 ? '-12' : 'line\nbreak; x']);
    }
    rows.push([0, 'я'.repeat(200_000), null, '@cmd']);
    const { parts, whole } = await text(rows);
    assert.ok(parts.length > 3, `written in many buffers (${parts.length})`);
    assert.equal(whole, toCsv(rows).toString('utf8'));
    assert.ok(whole.startsWith('\uFEFFID,Имя,'));
    assert.equal(whole.split('\uFEFF').length, 2, 'one BOM');
    assert.ok(whole.includes(`3,"Ёлкина 3, ""ООО""",3.5,'=SUM(A3)\r\n`));
    assert.ok(whole.endsWith(`,,'@cmd\r\n`));
  });

  it('neutralises every formula start and quotes what needs it', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      assert.equal(csvCell(`${start}1`).replace(/^"/, '').startsWith(`'${start}`), true, JSON.stringify(start));
    assert.equal(csvCell(''), '');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(-5), '-5', 'a number is a number, not text');
    assert.equal(csvCell('a;b'), '"a;b"');
    assert.equal(csvCell('plain'), 'plain');
  });

  it('an empty list is the header line alone', async () => {
    assert.equal((await text([['ID']])).whole, '\uFEFFID\r\n');
  });
});
