// Table readers for imports: CSV (any delimiter; UTF-8, UTF-8 with BOM or Windows-1251),
// XLSX, ODS and vCard 3/4. Each yields rows of strings, streaming where the format allows, so a
// file of a million rows is read in bounded memory. Formats are recognised by content, not by
// the file name; zip files (XLSX, ODS) are checked before unpacking: entry count, declared and
// actual unpacked sizes, so a zip bomb is refused before it is unpacked.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import yauzl from 'yauzl';
import { AppError } from '../../shared/errors.js';

export type Format = 'csv' | 'xlsx' | 'ods' | 'vcf';

export const ZIP_LIMITS = { entries: 10_000, unpackedBytes: 1024 * 1024 * 1024, ratio: 200 };
/** A table's limits: Excel's own column count, and a cell far above any field's limit (notes: 20,000). */
export const TABLE_LIMITS = { columns: 16_384, cellChars: 1_000_000 };

const bad = (message: string): never => {
  throw new AppError('VALIDATION_FAILED', `file: ${message}`, [{ field: 'file', message }]);
};

/**
 * Any failure while reading a file, as the 400 the wizard shows (never a 500 for a malformed
 * file): a parser's or a zip's own error becomes a reason; ours (AppError) pass as they are.
 */
export function readError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const err = e as { code?: string; message?: string; lines?: number };
  const msg = String(err?.message ?? '');
  if (err?.code === 'CSV_QUOTE_NOT_CLOSED') return fileError(`a quoted value is never closed (it opens at line ${err.lines ?? '?'})`);
  if (err?.code === 'CSV_MAX_RECORD_SIZE')
    return fileError(`a cell longer than ${TABLE_LIMITS.cellChars.toLocaleString('en')} characters (line ${err.lines ?? '?'})`);
  if (err?.code?.startsWith('CSV_')) return fileError(`not a readable CSV file (${err.code}, line ${err.lines ?? '?'})`);
  if (
    /too many bytes|not enough bytes|invalid (stored|block|distance|code|literal)|incorrect header|unexpected end of file|invalid relative offset|end of central directory|zip/i.test(
      msg,
    )
  ) {
    return fileError('a damaged zip file: its contents do not match its listed sizes');
  }
  if (/^\d+:\d+: /.test(msg) || /xml|entity|undefined/i.test(msg)) return fileError("the spreadsheet's XML is not valid");
  return fileError('the file could not be read');
}
const fileError = (message: string) => new AppError('VALIDATION_FAILED', `file: ${message}`, [{ field: 'file', message }]);
const tooManyColumns = () => bad(`more than ${TABLE_LIMITS.columns.toLocaleString('en')} columns`);
const cellTooLong = () => bad(`a cell longer than ${TABLE_LIMITS.cellChars.toLocaleString('en')} characters`);

/** A spreadsheet's XML never needs a DTD: entities (XXE, "billion laughs") are refused, not expanded. */
function noDoctype(parser: SaxesParser) {
  parser.on('doctype', () => bad('the spreadsheet declares XML entities (a DOCTYPE), which are not allowed'));
}

async function head(path: string, n: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function zipEntries(path: string): Promise<{ name: string; size: number; compressed: number }[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err || !zip)
        return reject(
          new AppError('VALIDATION_FAILED', 'file: not a readable zip (XLSX / ODS) file', [{ field: 'file', message: 'not a readable zip file' }]),
        );
      const out: { name: string; size: number; compressed: number }[] = [];
      if (zip.entryCount > ZIP_LIMITS.entries) {
        zip.close();
        return reject(
          new AppError('VALIDATION_FAILED', 'file: too many entries in the zip file', [
            { field: 'file', message: 'too many entries in the zip file' },
          ]),
        );
      }
      zip.on('entry', (e: yauzl.Entry) => {
        out.push({ name: e.fileName, size: e.uncompressedSize, compressed: e.compressedSize });
        zip.readEntry();
      });
      zip.on('end', () => resolve(out));
      zip.on('error', () =>
        reject(new AppError('VALIDATION_FAILED', 'file: a damaged zip file', [{ field: 'file', message: 'a damaged zip file' }])),
      );
      zip.readEntry();
    });
  });
}

/** Recognises the format by the bytes, and refuses zip bombs by their declared sizes. */
export async function detectFormat(path: string): Promise<Format> {
  const h = await head(path, 4096);
  if (h.length === 0) bad('the file is empty');
  if (h[0] === 0x50 && h[1] === 0x4b && h[2] === 0x03 && h[3] === 0x04) {
    const entries = await zipEntries(path);
    const total = entries.reduce((a, e) => a + e.size, 0);
    const packed = entries.reduce((a, e) => a + e.compressed, 0);
    if (total > ZIP_LIMITS.unpackedBytes || (total > 50 * 1024 * 1024 && total / Math.max(1, packed) > ZIP_LIMITS.ratio)) {
      bad('the spreadsheet unpacks to too much data (a zip bomb?)');
    }
    const names = new Set(entries.map((e) => e.name));
    if (names.has('xl/workbook.xml')) return 'xlsx';
    if (names.has('content.xml') && names.has('mimetype')) return 'ods';
    bad('a zip file that is neither XLSX nor ODS');
  }
  if (h.includes(0)) bad('a binary file, not a table (CSV, XLSX, ODS or vCard)');
  const text = decode(h);
  if (/^\s*BEGIN:VCARD/i.test(text)) return 'vcf';
  return 'csv';
}

function validUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, otherwise Windows-1251. */
export function detectEncoding(sample: Buffer): 'utf-8' | 'windows-1251' {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  // a sample may end inside a multi-byte character: drop up to 3 trailing bytes before judging
  for (let cut = 0; cut <= 3; cut++) if (validUtf8(sample.subarray(0, sample.length - cut))) return 'utf-8';
  return 'windows-1251';
}

function decode(b: Buffer): string {
  return new TextDecoder(detectEncoding(b)).decode(b).replace(/^\uFEFF/, '');
}

/** The delimiter that splits the first lines into the most equal, > 1 columns. */
export function detectDelimiter(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(0, 20);
  let best = ',';
  let bestScore = 0;
  for (const d of [',', ';', '\t', '|']) {
    const counts = lines.map((l) => l.split(d).length - 1);
    if (!counts.length || counts[0] === 0) continue;
    const same = counts.filter((c) => c === counts[0]).length / counts.length;
    const score = same * counts[0]!;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** The file as text, decoded chunk by chunk (a character split between chunks is kept). */
function decoded(path: string, encoding: string): Readable {
  async function* gen() {
    const d = new TextDecoder(encoding);
    for await (const chunk of createReadStream(path)) {
      const t = d.decode(chunk as Buffer, { stream: true });
      if (t) yield t;
    }
    const end = d.decode();
    if (end) yield end;
  }
  return Readable.from(gen());
}

export type TableInfo = { format: Format; encoding?: string; delimiter?: string };

async function* csvRows(path: string, info: TableInfo): AsyncGenerator<string[]> {
  const sample = await head(path, 64 * 1024);
  const encoding = detectEncoding(sample);
  info.encoding = encoding;
  info.delimiter = detectDelimiter(decode(sample));
  const parser = decoded(path, encoding).pipe(
    parse({
      delimiter: info.delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: TABLE_LIMITS.cellChars,
    }),
  );
  for await (const rec of parser as AsyncIterable<string[]>) {
    if (rec.length > TABLE_LIMITS.columns) tooManyColumns();
    yield rec;
  }
}

/** Opens a zip and gives streams of its entries by name (yauzl checks the real unpacked sizes). */
async function openZip(path: string): Promise<{ names: Set<string>; open: (name: string) => Promise<Readable>; close: () => void }> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (e, z) => (e || !z ? reject(e) : resolve(z))),
  );
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      entries.set(e.fileName, e);
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return {
    names: new Set(entries.keys()),
    open: (name) =>
      new Promise((resolve, reject) => {
        const e = entries.get(name);
        if (!e) return reject(new AppError('VALIDATION_FAILED', `file: ${name} is missing`, [{ field: 'file', message: 'a damaged spreadsheet' }]));
        zip.openReadStream(e, (err, st) => (err || !st ? reject(err) : resolve(st)));
      }),
    close: () => zip.close(),
  };
}

/** SAX events of an XML entry, decoded as UTF-8 across chunk borders, as an async stream of batches. */
async function* saxEvents<T>(stream: Readable, handlers: (parser: SaxesParser, emit: (x: T) => void) => void): AsyncGenerator<T> {
  const parser = new SaxesParser({ xmlns: false });
  noDoctype(parser);
  const out: T[] = [];
  handlers(parser, (x) => out.push(x));
  const decoder = new StringDecoder('utf8');
  for await (const chunk of stream) {
    parser.write(decoder.write(chunk as Buffer));
    while (out.length) yield out.shift()!;
  }
  parser.write(decoder.end());
  parser.close();
  while (out.length) yield out.shift()!;
}

/** built-in number formats: 14–17 dates, 22 a date and time (18–21 and 45–47 are times of day only) */
const builtinDateFormats = new Set([14, 15, 16, 17]);
const builtinDateTimeFormats = new Set([22]);

/** Excel's serial day number -> YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS with the time (1900 date system, with its 29 Feb 1900). */
export function excelDate(serial: number, withTime = false): string {
  const ms = Math.round(((serial - 25569) * 86_400_000) / 1000) * 1000;
  const iso = new Date(ms).toISOString();
  return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso.slice(0, 10);
}

/** XLSX without a spreadsheet library: shared strings, the date styles, then the first sheet streamed row by row. */
async function* xlsxRows(path: string): AsyncGenerator<string[]> {
  const z = await openZip(path);
  try {
    const strings: string[] = [];
    if (z.names.has('xl/sharedStrings.xml')) {
      let cur: string | null = null;
      let inT = false;
      let inRph = false;
      for await (const s of saxEvents<string>(await z.open('xl/sharedStrings.xml'), (p, emit) => {
        p.on('opentag', (t) => {
          if (t.name === 'si') cur = '';
          else if (t.name === 'rPh') inRph = true;
          else if (t.name === 't' && !inRph) inT = !t.isSelfClosing;
        });
        p.on('text', (x) => {
          if (inT && cur !== null) cur += x;
          if (cur && cur.length > TABLE_LIMITS.cellChars) cellTooLong();
        });
        p.on('closetag', (t) => {
          if (t.name === 't') inT = false;
          else if (t.name === 'rPh') inRph = false;
          else if (t.name === 'si') {
            emit(cur ?? '');
            cur = null;
          }
        });
      }))
        strings.push(s);
    }
    const dateStyles = new Set<number>();
    const dateTimeStyles = new Set<number>();
    if (z.names.has('xl/styles.xml')) {
      const custom = new Map<number, string>();
      let inXfs = false;
      let xf = 0;
      for await (const ev of saxEvents<{ id: number; fmt: number }>(await z.open('xl/styles.xml'), (p, emit) => {
        p.on('opentag', (t) => {
          const a = t.attributes as Record<string, string>;
          if (t.name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
          else if (t.name === 'cellXfs') inXfs = true;
          else if (t.name === 'xf' && inXfs) emit({ id: xf++, fmt: Number(a.numFmtId ?? 0) });
        });
        p.on('closetag', (t) => {
          if (t.name === 'cellXfs') inXfs = false;
        });
      })) {
        const code = custom.get(ev.fmt)?.replace(/"[^"]*"|\[[^\]]*\]/g, '');
        if (builtinDateFormats.has(ev.fmt) || (code && /[dy]/i.test(code) && !/[h]/i.test(code))) dateStyles.add(ev.id);
        else if (builtinDateTimeFormats.has(ev.fmt) || (code && /[dy]/i.test(code) && /[h]/i.test(code))) dateTimeStyles.add(ev.id);
      }
    }
    // the first sheet in workbook order
    let sheet = 'xl/worksheets/sheet1.xml';
    if (z.names.has('xl/_rels/workbook.xml.rels') && z.names.has('xl/workbook.xml')) {
      const rels = new Map<string, string>();
      for await (const r of saxEvents<[string, string]>(await z.open('xl/_rels/workbook.xml.rels'), (p, emit) => {
        p.on('opentag', (t) => {
          const a = t.attributes as Record<string, string>;
          if (t.name === 'Relationship') emit([a.Id!, a.Target!]);
        });
      }))
        rels.set(r[0], r[1]);
      for await (const rid of saxEvents<string>(await z.open('xl/workbook.xml'), (p, emit) => {
        p.on('opentag', (t) => {
          const a = t.attributes as Record<string, string>;
          if (t.name === 'sheet') emit(a['r:id']!);
        });
      })) {
        const target = rels.get(rid);
        if (target) sheet = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
        break;
      }
    }
    const colOf = (ref: string) => {
      let n = 0;
      for (const ch of ref) {
        const c = ch.charCodeAt(0);
        if (c < 65 || c > 90) break;
        n = n * 26 + (c - 64);
      }
      return n - 1;
    };
    let row: string[] | null = null;
    let cell: { col: number; type: string; style: number; text: string } | null = null;
    let inV = false;
    let inIsT = false;
    for await (const r of saxEvents<string[]>(await z.open(sheet), (p, emit) => {
      p.on('opentag', (t) => {
        const a = t.attributes as Record<string, string>;
        if (t.name === 'row') row = [];
        else if (t.name === 'c' && row) {
          cell = { col: a.r ? colOf(a.r) : row.length, type: a.t ?? 'n', style: Number(a.s ?? 0), text: '' };
          if (cell.col >= TABLE_LIMITS.columns) tooManyColumns();
          if (t.isSelfClosing) cell = null;
        } else if (t.name === 'v' && cell) inV = true;
        else if (t.name === 't' && cell) inIsT = true;
      });
      p.on('text', (x) => {
        if (cell && (inV || inIsT)) cell.text += x;
        if (cell && cell.text.length > TABLE_LIMITS.cellChars) cellTooLong();
      });
      p.on('closetag', (t) => {
        if (t.name === 'v') inV = false;
        else if (t.name === 't') inIsT = false;
        else if (t.name === 'c' && cell && row) {
          let v = cell.text;
          if (cell.type === 's') v = strings[Number(v)] ?? '';
          else if (cell.type === 'b') v = v === '1' ? 'TRUE' : 'FALSE';
          else if (cell.type === 'e') v = '';
          else if (cell.type === 'n' && v !== '' && dateStyles.has(cell.style)) v = excelDate(Number(v));
          else if (cell.type === 'n' && v !== '' && dateTimeStyles.has(cell.style)) v = excelDate(Number(v), true);
          while (row.length < cell.col) row.push('');
          row[cell.col] = v;
          cell = null;
        } else if (t.name === 'row' && row) {
          if (row.some((x) => x !== '')) emit(row);
          row = null;
        }
      });
    }))
      yield r;
  } finally {
    z.close();
  }
}

/** content.xml of an ODS, streamed through a SAX parser: rows of the first table. */
async function* odsRows(path: string): AsyncGenerator<string[]> {
  const stream = await new Promise<Readable>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (e: yauzl.Entry) => {
        if (e.fileName !== 'content.xml') return zip.readEntry();
        zip.openReadStream(e, (err2, s) => (err2 || !s ? reject(err2) : resolve(s)));
      });
      zip.on('end', () => reject(new AppError('VALIDATION_FAILED', 'file: no content in the ODS file', [{ field: 'file', message: 'no content' }])));
      zip.readEntry();
    });
  });
  const parser = new SaxesParser({ xmlns: false });
  noDoctype(parser);
  const ready: string[][] = [];
  let tables = 0;
  let row: string[] | null = null;
  let rowRepeat = 1;
  let cell: { text: string; repeat: number; value?: string; type?: string } | null = null;
  let inP = 0;
  let done = false;
  parser.on('opentag', (t) => {
    if (done) return;
    const a = t.attributes as Record<string, string>;
    if (t.name === 'table:table') tables++;
    if (tables !== 1) return;
    if (t.name === 'table:table-row') {
      row = [];
      rowRepeat = Math.min(Number(a['table:number-rows-repeated'] ?? 1), 1000);
    } else if ((t.name === 'table:table-cell' || t.name === 'table:covered-table-cell') && row) {
      cell = {
        text: '',
        repeat: Math.min(Number(a['table:number-columns-repeated'] ?? 1), 1000),
        type: a['office:value-type'],
        value: a['office:date-value'] ?? a['office:value'],
      };
      if (t.isSelfClosing) closeCell();
    } else if (t.name === 'text:p' && cell) {
      if (cell.text) cell.text += '\n';
      inP++;
    } else if (t.name === 'text:s' && cell && inP) {
      cell.text += ' '.repeat(Number(a['text:c'] ?? 1));
    }
  });
  const closeCell = () => {
    if (!row || !cell) return;
    const v =
      cell.type === 'date' && cell.value
        ? cell.value.slice(0, 10)
        : cell.type === 'float' || cell.type === 'currency' || cell.type === 'percentage'
          ? (cell.value ?? cell.text)
          : cell.text;
    if (row.length + cell.repeat > TABLE_LIMITS.columns && (v !== '' || row.length >= TABLE_LIMITS.columns)) tooManyColumns();
    for (let i = 0; i < cell.repeat; i++) row.push(v);
    cell = null;
  };
  parser.on('text', (x) => {
    if (cell && inP) cell.text += x;
    if (cell && cell.text.length > TABLE_LIMITS.cellChars) cellTooLong();
  });
  parser.on('closetag', (t) => {
    if (done || tables !== 1) {
      if (t.name === 'table:table' && tables === 1) done = true;
      return;
    }
    if (t.name === 'text:p') inP--;
    else if (t.name === 'table:table-cell' || t.name === 'table:covered-table-cell') closeCell();
    else if (t.name === 'table:table-row' && row) {
      while (row.length && row[row.length - 1] === '') row.pop();
      if (row.length) for (let i = 0; i < rowRepeat; i++) ready.push(row);
      row = null;
    } else if (t.name === 'table:table') done = true;
  });
  const decoder = new StringDecoder('utf8');
  for await (const chunk of stream) {
    parser.write(decoder.write(chunk as Buffer));
    while (ready.length) yield ready.shift()!;
    if (done) {
      stream.destroy();
      break;
    }
  }
  if (!done) parser.close();
  while (ready.length) yield ready.shift()!;
}

/** vCard 3 / 4 -> rows with a fixed header (one contact a row). */
export const VCF_HEADER = [
  'Full name',
  'Surname',
  'First name',
  'Patronymic',
  'Organization',
  'Title',
  'Phone',
  'Phone 2',
  'Email',
  'Email 2',
  'Birthday',
  'Address',
  'Note',
  'UID',
];

function unescapeV(s: string) {
  return s.replace(/\\n/gi, '\n').replace(/\\([,;\\])/g, '$1');
}

async function* vcfRows(path: string): AsyncGenerator<string[]> {
  yield VCF_HEADER;
  const sample = await head(path, 64 * 1024);
  const text = decoded(path, detectEncoding(sample));
  let buf = '';
  let card: string[] | null = null;
  const lines: string[] = [];
  const flushCard = (raw: string[]) => {
    const props: { name: string; params: string; value: string }[] = [];
    for (const l of raw) {
      const m = /^(?:[\w-]+\.)?([A-Za-z-]+)((?:;[^:]*)?):(.*)$/.exec(l);
      if (m) props.push({ name: m[1]!.toUpperCase(), params: m[2]!.toUpperCase(), value: m[3]! });
    }
    const get = (n: string) => props.filter((p) => p.name === n).map((p) => unescapeV(p.value));
    const n = (props.find((p) => p.name === 'N')?.value ?? '').split(';').map(unescapeV);
    const adr = get('ADR')[0]?.split(';').filter(Boolean).join(', ') ?? '';
    const bday = get('BDAY')[0] ?? '';
    const day = /^\d{8}$/.test(bday) ? `${bday.slice(0, 4)}-${bday.slice(4, 6)}-${bday.slice(6)}` : bday.slice(0, 10);
    const tels = get('TEL').map((v) => v.replace(/^tel:/i, ''));
    const emails = get('EMAIL');
    return [
      get('FN')[0] ?? '',
      n[0] ?? '',
      n[1] ?? '',
      n[2] ?? '',
      (get('ORG')[0] ?? '').split(';')[0] ?? '',
      get('TITLE')[0] ?? '',
      tels[0] ?? '',
      tels[1] ?? '',
      emails[0] ?? '',
      emails[1] ?? '',
      day,
      adr,
      get('NOTE')[0] ?? '',
      get('UID')[0] ?? '',
    ];
  };
  for await (const chunk of text) {
    buf += chunk as string;
    if (buf.length > TABLE_LIMITS.cellChars && !/\n/.test(buf)) cellTooLong();
    const parts = buf.split(/\r?\n/);
    buf = parts.pop()!;
    for (const p of parts) lines.push(p);
    while (lines.length) {
      const l = lines.shift()!;
      if (/^[ \t]/.test(l) && card?.length) {
        card[card.length - 1] += l.slice(1); // unfolding
        continue;
      }
      if (/^BEGIN:VCARD/i.test(l)) card = [];
      else if (/^END:VCARD/i.test(l) && card) {
        yield flushCard(card);
        card = null;
      } else if (card) card.push(l);
    }
  }
  if (card && buf && /^END:VCARD/i.test(buf)) yield flushCard(card);
}

/** Rows of the file: the first is the header. */
export async function readTable(path: string, info?: TableInfo): Promise<{ info: TableInfo; rows: AsyncGenerator<string[]> }> {
  const format = info?.format ?? (await detectFormat(path));
  const i: TableInfo = { ...info, format };
  const rows = format === 'csv' ? csvRows(path, i) : format === 'xlsx' ? xlsxRows(path) : format === 'ods' ? odsRows(path) : vcfRows(path);
  return { info: i, rows: guarded(rows) };
}

/** The rows, with every reading failure turned into a reason (400), never a 500. */
async function* guarded(rows: AsyncGenerator<string[]>): AsyncGenerator<string[]> {
  try {
    yield* rows;
  } catch (e) {
    throw readError(e);
  }
}
