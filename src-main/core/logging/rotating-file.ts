import fs from 'node:fs';
import path from 'node:path';

export interface RotatingFileOptions {
  file: string;
  /** Rotate when the file would exceed this many bytes. */
  maxBytes?: number;
  /** How many rotated files (file.1 … file.N) to keep. */
  keep?: number;
}

/**
 * A small synchronous, size-capped log destination (pino accepts any `{ write(line) }`).
 * Files are created with mode 0600; no timers, so idle cost is zero.
 */
export class RotatingFile {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private fd: number;
  private size: number;
  private closed = false;
  /** The first write error (disk full, file removed with its folder), for the status; later ones are dropped. */
  failure?: Error;

  constructor(options: RotatingFileOptions) {
    this.file = options.file;
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.keep = Math.max(1, options.keep ?? 3);
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    this.fd = this.open();
    this.size = fs.fstatSync(this.fd).size;
  }

  private open(): number {
    const fd = fs.openSync(this.file, 'a', 0o600);
    // openSync's mode only applies on creation; tighten an existing file too.
    fs.fchmodSync(fd, 0o600);
    return fd;
  }

  /** Appends one line, rotating first if it would push the file over the cap. */
  write(line: string): boolean {
    if (this.closed) return false;
    // A log that cannot be written must never fail the work it describes.
    try {
      const bytes = Buffer.byteLength(line);
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      fs.writeSync(this.fd, line);
      this.size += bytes;
      return true;
    } catch (err) {
      this.failure ??= err as Error;
      return false;
    }
  }

  private rotate(): void {
    fs.closeSync(this.fd);
    // A closed descriptor's number is soon reused by another file: never write through it again.
    this.fd = -1;
    try {
      fs.rmSync(`${this.file}.${this.keep}`, { force: true });
      for (let i = this.keep - 1; i >= 1; i -= 1) {
        const from = `${this.file}.${i}`;
        if (fs.existsSync(from)) fs.renameSync(from, `${this.file}.${i + 1}`);
      }
      fs.renameSync(this.file, `${this.file}.1`);
    } finally {
      // Renamed or not, writing goes on in the file at the usual path.
      this.fd = this.open();
      this.size = fs.fstatSync(this.fd).size;
    }
  }


  /** Closes the file descriptor; later writes are dropped. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      fs.closeSync(this.fd);
    } catch {
      // Already gone (a rotation that failed half-way closed it).
    }
  }
}
