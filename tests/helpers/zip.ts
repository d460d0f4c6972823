/**
 * Reads the zip files osls writes (stored or deflated entries, as yazl makes them): enough to
 * list an artifact and to run the code inside it, with Node's own zlib.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly localHeader: number;
}

function centralDirectory(zip: Buffer): Entry[] {
  const entries: Entry[] = [];
  for (let offset = 0; offset < zip.length - 46; offset++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) continue;
    const nameLength = zip.readUInt16LE(offset + 28);
    entries.push({
      name: zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'),
      method: zip.readUInt16LE(offset + 10),
      compressedSize: zip.readUInt32LE(offset + 20),
      localHeader: zip.readUInt32LE(offset + 42),
    });
    offset += 45 + nameLength;
  }
  return entries;
}

/** Entry names in a zip's central directory. */
export function zipEntries(file: string): string[] {
  return centralDirectory(readFileSync(file)).map((entry) => entry.name);
}

/** Writes every file of the zip under `dir`. */
export function extractZip(file: string, dir: string): void {
  const zip = readFileSync(file);
  for (const entry of centralDirectory(zip)) {
    if (entry.name.endsWith('/')) continue;
    const header = entry.localHeader;
    const start = header + 30 + zip.readUInt16LE(header + 26) + zip.readUInt16LE(header + 28);
    const data = zip.subarray(start, start + entry.compressedSize);
    const target = join(dir, entry.name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, entry.method === 8 ? inflateRawSync(data) : data);
  }
}
