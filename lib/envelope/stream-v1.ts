import * as crypto from 'crypto';
import { Transform } from 'stream';
import { ChunkQueue } from './chunks';
import { EncryptionContext } from './context';
import { MalformedCiphertextError, TamperedCiphertextError, TruncatedCiphertextError } from './errors';
import { parseHeader, STREAM_NONCE_LENGTH, STREAM_TYPE, streamHeaderLength, TAG_LENGTH } from './format';
import type { KeySource } from './keys';
import { deriveStreamKey, SecretKey } from './material';

const FRAME_HEADER = 5; // u8 final flag + u32 length
const REGULAR = 0;
const FINAL = 1;
/** IV of the header tag: its first four bytes are 0xff, so it never equals a frame IV (which start with four zero bytes). */
const HEADER_IV = Buffer.from('ffffffff0000000000000000', 'hex');
const MIN_FRAME_SIZE = 1024;
const MAX_FRAME_SIZE = 16 * 1024 * 1024;

/** What a decrypt stream does with the bytes of one format (see stream.ts). */
export interface StreamReader {
  /** Consumes what it can of the queue, pushing verified plaintext. */
  read(self: Transform): Promise<void>;
  /** The input ended: throws unless the message was complete. */
  end(): void;
  /** Wipes the key (idempotent). */
  wipe(): void;
}

function frameIv(seq: bigint): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeBigUInt64BE(seq, 4);
  return iv;
}

function frameAad(headerDigest: Buffer, flag: number, seq: bigint): Buffer {
  const aad = Buffer.allocUnsafe(headerDigest.length + 9);
  headerDigest.copy(aad, 0);
  aad.writeUInt8(flag, headerDigest.length);
  aad.writeBigUInt64BE(seq, headerDigest.length + 1);
  return aad;
}

function headerTag(frameKey: SecretKey, header: Buffer): Buffer {
  const cipher = frameKey.cipher(HEADER_IV);
  cipher.setAAD(header);
  cipher.final();
  return cipher.getAuthTag();
}

/**
 * Reads a stream of our own format 1 (decrypt only): header | nonce | u32 frame size | header tag |
 * frames (u8 final flag | u32 length | ciphertext | tag). The header is authenticated (its own tag,
 * after the KMS unwrap) before its frame size is trusted; each frame is released only after its tag
 * verifies; the stream fails if the final frame is missing.
 */
export class V1StreamReader implements StreamReader {
  /** Bytes needed before the header is looked at again (each look learns a length field). */
  private headerWant = 4;
  private frameSize = 0;
  private headerDigest?: Buffer;
  private frameKey?: SecretKey;
  private seq = 0n;
  private done = false;

  constructor(private readonly queue: ChunkQueue, private readonly keys: KeySource, private readonly expectedContext: EncryptionContext, private readonly maxFrameSize: number) {}

  public async read(self: Transform): Promise<void> {
    if (!this.headerDigest && !(await this.readHeader(self))) return;
    this.readFrames(self);
    if (this.done && this.queue.length > 0) throw new MalformedCiphertextError('bytes after the final frame');
  }

  public end(): void {
    this.wipe();
    if (!this.headerDigest) throw new TruncatedCiphertextError('the stream ended inside its header');
    if (!this.done) throw new TruncatedCiphertextError(`the stream ended after ${this.seq} frames without its final frame`);
  }

  public wipe(): void {
    this.frameKey?.wipe();
  }

  /** False until the whole header is in, or (key wiped) if the stream was destroyed while KMS was awaited. */
  private async readHeader(self: Transform): Promise<boolean> {
    const queue = this.queue;
    for (;;) {
      if (queue.length < this.headerWant) return false;
      const { complete, need } = streamHeaderLength(queue.peek(this.headerWant));
      this.headerWant = need;
      if (complete) {
        if (queue.length < need) return false;
        break;
      }
    }
    const bytes = queue.take(this.headerWant);
    const parsed = parseHeader(bytes, STREAM_TYPE);
    const tagStart = bytes.length - TAG_LENGTH;
    const key = await this.keys.v1Key(parsed, this.expectedContext);
    // destroy() already ran and wiped nothing: no frame key may be derived after it.
    if (self.destroyed) {
      key.wipe();
      return false;
    }
    try {
      this.frameKey = deriveStreamKey(key, bytes.subarray(parsed.end, parsed.end + STREAM_NONCE_LENGTH));
    } finally {
      key.wipe();
    }
    if (!crypto.timingSafeEqual(headerTag(this.frameKey, bytes.subarray(0, tagStart)), bytes.subarray(tagStart))) {
      throw new TamperedCiphertextError('the stream header failed authentication');
    }
    // Only now, authenticated, may the frame size decide how much is buffered.
    const frameSize = bytes.readUInt32BE(parsed.end + STREAM_NONCE_LENGTH);
    if (frameSize < MIN_FRAME_SIZE || frameSize > MAX_FRAME_SIZE) throw new MalformedCiphertextError(`frame size ${frameSize} is out of range`);
    if (frameSize > this.maxFrameSize) {
      throw new MalformedCiphertextError(`frame size ${frameSize} exceeds maxFrameSize ${this.maxFrameSize} of this decryptStream; raise maxFrameSize if the writer is trusted with larger frames`);
    }
    this.frameSize = frameSize;
    this.headerDigest = crypto.createHash('sha256').update(bytes).digest();
    return true;
  }

  private readFrames(self: Transform): void {
    const queue = this.queue;
    while (queue.length >= FRAME_HEADER) {
      if (this.done) throw new MalformedCiphertextError('bytes after the final frame');
      const prefix = queue.peek(FRAME_HEADER);
      const flag = prefix.readUInt8(0);
      const length = prefix.readUInt32BE(1);
      if (flag !== REGULAR && flag !== FINAL) throw new MalformedCiphertextError(`frame flag ${flag}`);
      if (flag === REGULAR ? length !== this.frameSize : length > this.frameSize) {
        throw new MalformedCiphertextError(`frame ${this.seq} has length ${length} for frame size ${this.frameSize}`);
      }
      const total = FRAME_HEADER + length + TAG_LENGTH;
      if (queue.length < total) return;
      const frame = queue.take(total); // one copy per frame, however many chunks it came in
      const decipher = this.frameKey!.decipher(frameIv(this.seq));
      decipher.setAAD(frameAad(this.headerDigest!, flag, this.seq));
      decipher.setAuthTag(frame.subarray(FRAME_HEADER + length));
      const plaintext = decipher.update(frame.subarray(FRAME_HEADER, FRAME_HEADER + length));
      try {
        decipher.final();
      } catch {
        plaintext.fill(0);
        throw new TamperedCiphertextError(`frame ${this.seq} failed authentication (modified, reordered or from another stream)`);
      }
      self.push(plaintext);
      this.seq += 1n;
      if (flag === FINAL) this.done = true;
    }
  }
}
