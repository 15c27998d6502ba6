// A minimal streaming ZIP writer for the XLSX export: a few small parts as buffers, then one part
// streamed through deflate, its CRC-32 taken by zlib's native crc32 (yazl's JavaScript CRC was a
// twentieth of a 1M-row export). The streamed part has a data descriptor (its sizes come after
// its data). No ZIP64: a part or the file past 4 GB fails the stream with a clear error (a sheet
// holds at most 1,048,576 rows; at 4 KB a row that is 4 GB).
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

const MAX32 = 0xffffffff;
// 1980-01-01 00:00 in DOS format: the parts carry no meaningful time
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

type Entry = { name: Buffer; crc: number; csize: number; usize: number; offset: number; method: number; flags: number };

function localHeader(e: Omit<Entry, 'offset'>, streamed: boolean): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  h.writeUInt16LE(e.flags, 6);
  h.writeUInt16LE(e.method, 8);
  h.writeUInt16LE(DOS_TIME, 10);
  h.writeUInt16LE(DOS_DATE, 12);
  h.writeUInt32LE(streamed ? 0 : e.crc, 14);
  h.writeUInt32LE(streamed ? 0 : e.csize, 18);
  h.writeUInt32LE(streamed ? 0 : e.usize, 22);
  h.writeUInt16LE(e.name.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, e.name]);
}

function centralHeader(e: Entry): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(e.flags, 8);
  h.writeUInt16LE(e.method, 10);
  h.writeUInt16LE(DOS_TIME, 12);
  h.writeUInt16LE(DOS_DATE, 14);
  h.writeUInt32LE(e.crc, 16);
  h.writeUInt32LE(e.csize, 20);
  h.writeUInt32LE(e.usize, 24);
  h.writeUInt16LE(e.name.length, 28);
  // extra, comment, disk, internal attributes: 0; external attributes: a regular file, rw-r--r--
  h.writeUInt32LE((0o100644 << 16) >>> 0, 38);
  h.writeUInt32LE(e.offset, 42);
  return Buffer.concat([h, e.name]);
}

/** Waits until the output takes more; fails at once if it is closed (a download stopped half-way: the writing stops too). */
function drained(s: PassThrough): Promise<void> {
  if (s.destroyed) return Promise.reject(new Error('the download was closed'));
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      s.off('drain', done);
      s.off('close', done);
      if (s.destroyed) reject(new Error('the download was closed'));
      else resolve();
    };
    s.once('drain', done);
    s.once('close', done);
  });
}

/**
 * A ZIP of `parts` (small, deflated at once) and then `streamed` (its name and its content as a
 * stream of buffers), as a stream. Backpressure holds: the content is read as the output drains.
 */
export function zipStream(
  parts: { name: string; data: Buffer }[],
  streamed: { name: string; content: AsyncIterable<Buffer>; level?: number },
): Readable {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  const entries: Entry[] = [];
  let offset = 0;
  const push = (b: Buffer) => {
    offset += b.length;
    if (offset > MAX32) return Promise.reject(new Error('the file is larger than 4 GB: export fewer rows or choose CSV'));
    if (out.destroyed) return Promise.reject(new Error('the download was closed'));
    return out.write(b) ? Promise.resolve() : drained(out);
  };
  void (async () => {
    try {
      const UTF8 = 1 << 11;
      for (const p of parts) {
        const data = zlib.deflateRawSync(p.data);
        const e: Entry = {
          name: Buffer.from(p.name),
          crc: zlib.crc32(p.data),
          csize: data.length,
          usize: p.data.length,
          offset,
          method: 8,
          flags: UTF8,
        };
        entries.push(e);
        await push(localHeader(e, false));
        await push(data);
      }
      const e: Entry = { name: Buffer.from(streamed.name), crc: 0, csize: 0, usize: 0, offset, method: 8, flags: UTF8 | (1 << 3) };
      entries.push(e);
      await push(localHeader(e, true));
      // one pipeline: an error anywhere (the rows' query, the output closed by the client) ends
      // every part of it, and the rows' generator is closed (its page reads stop)
      await pipeline(
        Readable.from(
          (async function* () {
            for await (const chunk of streamed.content) {
              e.crc = zlib.crc32(chunk, e.crc);
              e.usize += chunk.length;
              if (e.usize > MAX32) throw new Error('the sheet is larger than 4 GB: export fewer rows or choose CSV');
              yield chunk;
            }
          })(),
        ),
        zlib.createDeflateRaw({ level: streamed.level ?? zlib.constants.Z_DEFAULT_COMPRESSION }),
        new Writable({
          write(chunk: Buffer, _enc, cb) {
            e.csize += chunk.length;
            push(chunk).then(() => cb(), cb);
          },
        }),
      );
      const desc = Buffer.alloc(16);
      desc.writeUInt32LE(0x08074b50, 0);
      desc.writeUInt32LE(e.crc, 4);
      desc.writeUInt32LE(e.csize, 8);
      desc.writeUInt32LE(e.usize, 12);
      await push(desc);
      const cdStart = offset;
      for (const x of entries) await push(centralHeader(x));
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(entries.length, 8);
      end.writeUInt16LE(entries.length, 10);
      end.writeUInt32LE(offset - cdStart, 12);
      end.writeUInt32LE(cdStart, 16);
      await push(end);
      out.end();
    } catch (err) {
      if (!out.destroyed) out.destroy(err as Error);
    }
  })();
  return out;
}
