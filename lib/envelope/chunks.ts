/**
 * Bytes received but not yet consumed, kept as the chunks they came in. Taking
 * n bytes joins only the chunks that cover them, once, so a frame that arrives
 * in many small chunks costs one copy (not one per chunk).
 */
export class ChunkQueue {
  private chunks: Buffer[] = [];
  /** Index of the first live chunk (consumed chunks are dropped in batches, not shifted one by one). */
  private first = 0;
  /** Bytes of chunks[first] already consumed. */
  private offset = 0;
  private bytes = 0;

  public get length(): number {
    return this.bytes;
  }

  public push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.bytes += chunk.length;
  }

  /** The first `n` bytes (n <= length), contiguous, without consuming them. */
  public peek(n: number): Buffer {
    return this.read(n, false);
  }

  /** Removes and returns the first `n` bytes (n <= length), contiguous. */
  public take(n: number): Buffer {
    return this.read(n, true);
  }

  /** Forgets every byte. */
  public clear(): void {
    this.chunks = [];
    this.first = 0;
    this.offset = 0;
    this.bytes = 0;
  }

  private read(n: number, consume: boolean): Buffer {
    if (n > this.bytes) throw new RangeError(`${n} bytes asked, ${this.bytes} held`);
    const head = this.chunks[this.first];
    let out: Buffer;
    if (n === 0) {
      out = Buffer.alloc(0);
    } else if (head.length - this.offset >= n) {
      out = head.subarray(this.offset, this.offset + n);
    } else {
      out = Buffer.allocUnsafe(n);
      let copied = 0;
      for (let i = this.first, o = this.offset; copied < n; i++, o = 0) {
        copied += this.chunks[i].copy(out, copied, o, Math.min(this.chunks[i].length, o + n - copied));
      }
    }
    if (consume) this.consume(n);
    return out;
  }

  private consume(n: number): void {
    this.bytes -= n;
    while (n > 0) {
      const available = this.chunks[this.first].length - this.offset;
      if (n < available) {
        this.offset += n;
        return;
      }
      n -= available;
      this.first += 1;
      this.offset = 0;
    }
    if (this.first > 64 && this.first * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.first);
      this.first = 0;
    }
  }
}
