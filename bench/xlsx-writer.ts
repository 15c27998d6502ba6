// The XLSX writer alone (no database, no HTTP): a synthetic sheet of typical client rows (15
// columns, Cyrillic text, a number, one cell in three to escape) streamed into nothing. Shows what
// the writer itself costs a row. npm run bench -- xlsx-writer [--rows 300000]
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { xlsxStream } from '../src/server/shared/xlsx-writer.js';
import type { Cell } from '../src/server/shared/tabular.js';
import { print } from './measure.js';

export async function xlsxWriterBench(n: number) {
  function* rows(): Generator<Cell[]> {
    yield ['ID', 'Kind', 'Name', 'Surname', 'First name', 'Phone', 'Email', 'Tags', 'Manager', 'Created', 'Notes', 'Region', 'INN', 'Code', 'Amount'];
    for (let i = 0; i < n; i++) {
      yield [
        i + 1,
        'person',
        `Иванов Иван ${i}`,
        'Иванов',
        'Иван',
        '+7 912 000-00-01',
        `ivan${i}@example.ru`,
        'vip; new',
        'Анна Петрова',
        '2026-11-22 10:00',
        i % 3 ? '' : 'a note & <more>',
        'Москва',
        '7707083893',
        String(i % 1000),
        12.5,
      ];
    }
  }
  let bytes = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await pipeline(
    xlsxStream(rows(), { sheet: 'bench', moneyColumns: new Set([14]) }),
    new Writable({
      write(c: Buffer, _e, cb) {
        bytes += c.length;
        cb();
      },
    }),
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  print({
    bench: 'xlsx-writer',
    rows: n,
    seconds: +(ms / 1000).toFixed(2),
    rows_per_s: Math.round((n / ms) * 1000),
    mb: +(bytes / 1048576).toFixed(1),
    cpu_user_ms: Math.round(cpu.user / 1000),
    cpu_system_ms: Math.round(cpu.system / 1000),
  });
}
