// Where the bytes of attached files live (issue 15; docs/crm-files.md). The database keeps a row per
// file with its generated storage key; the bytes sit in a FileStore under that key. The local store
// keeps them under `filesDir` (CLIENTELA_FILES_DIR, by default <data>/files) as
// `ab/abcdef…` (32 random hex characters, sharded by the first two), never under the uploaded name;
// another implementation (an S3-compatible bucket) may take its place behind the same interface.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type StoredFile = { key: string; size: number; sha256: string };

export interface FileStore {
  /** Stores the stream's bytes under a new key; nothing is left behind when the stream fails. */
  put(stream: Readable | AsyncIterable<Buffer>): Promise<StoredFile>;
  /** Stores the bytes under the given key (a restore of a backup), replacing what it held. */
  putAs(key: string, stream: Readable | AsyncIterable<Buffer>): Promise<StoredFile>;
  /** The bytes of the key; rejects with code NOT_FOUND (or ENOENT) when there are none. */
  get(key: string): Promise<Readable>;
  /** Removes the key's bytes; a key that holds nothing is no error. */
  delete(key: string): Promise<void>;
}

/** The keys this application generates: 32 lowercase hex characters. */
export const KEY_RE = /^[0-9a-f]{32}$/;

export const newKey = () => randomBytes(16).toString('hex');

export class LocalFileStore implements FileStore {
  constructor(readonly dir: string) {}

  /** The file of a key: only keys of our own form, so a key can never name a path outside `dir`. */
  pathOf(key: string): string {
    if (!KEY_RE.test(key)) throw new Error(`not a file key: ${JSON.stringify(key)}`);
    return path.join(this.dir, key.slice(0, 2), key);
  }

  put(stream: Readable | AsyncIterable<Buffer>): Promise<StoredFile> {
    return this.putAs(newKey(), stream);
  }

  async putAs(key: string, stream: Readable | AsyncIterable<Buffer>): Promise<StoredFile> {
    const final = this.pathOf(key);
    await mkdir(path.dirname(final), { recursive: true, mode: 0o700 });
    // written to a temporary name beside the final one, flushed to disk, then renamed: a reader never
    // sees half a file, and a crash leaves only a `.part` file
    const temp = `${final}.${randomBytes(6).toString('hex')}.part`;
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        stream,
        async function* (src: AsyncIterable<Buffer>) {
          for await (const chunk of src) {
            hash.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(temp, { mode: 0o600 }),
      );
      const fh = await open(temp, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(temp, final);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  async get(key: string): Promise<Readable> {
    const fh = await open(this.pathOf(key), 'r'); // rejects now (ENOENT) rather than on the first read
    return fh.createReadStream();
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

/** The store the configuration names (today the local folder; an S3-compatible one may be chosen here). */
export function fileStoreFor(config: { filesDir: string }): FileStore {
  return new LocalFileStore(config.filesDir);
}
