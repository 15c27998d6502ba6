// A zip bomb for the import tests (API and browser): an XLSX whose one entry unpacks to 30 MB of
// zeros, with the unpacked-size limit lowered to 20 MB while `fn` runs (restored afterwards).
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';
import { ZIP_LIMITS } from '../modules/import/readers.js';

export async function withZipBomb<T>(dir: string, fn: (file: string) => Promise<T>): Promise<T> {
  const saved = ZIP_LIMITS.unpackedBytes;
  ZIP_LIMITS.unpackedBytes = 20 * 1024 * 1024;
  try {
    const bomb = path.join(dir, 'bomb.xlsx');
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.alloc(30 * 1024 * 1024), 'xl/workbook.xml');
    zip.end();
    await new Promise<void>((resolve) => zip.outputStream.pipe(createWriteStream(bomb)).on('close', () => resolve()));
    return await fn(bomb);
  } finally {
    ZIP_LIMITS.unpackedBytes = saved;
  }
}
