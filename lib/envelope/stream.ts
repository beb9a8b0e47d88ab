import * as crypto from 'crypto';
import { Transform, TransformCallback } from 'stream';
import { ChunkQueue } from './chunks';
import { EncryptionContext } from './context';
import type { EnvelopeEncryptor } from './encryptor';
import { InvalidArgumentError, MalformedCiphertextError, TamperedCiphertextError, TruncatedCiphertextError } from './errors';
import { parseHeader, STREAM_NONCE_LENGTH, STREAM_TYPE, streamHeaderLength, TAG_LENGTH } from './format';
import { deriveStreamKey, SecretKey } from './material';

export const DEFAULT_FRAME_SIZE = 64 * 1024;
export const MIN_FRAME_SIZE = 1024;
export const MAX_FRAME_SIZE = 16 * 1024 * 1024;
/** Default cap on the frame size a decrypt stream accepts (or the encryptor's own frame size, if larger). */
export const DEFAULT_MAX_DECRYPT_FRAME_SIZE = 1024 * 1024;
const FRAME_HEADER = 5; // u8 final flag + u32 length
const REGULAR = 0;
const FINAL = 1;
/** IV of the header tag: its first four bytes are 0xff, so it never equals a frame IV (which start with four zero bytes). */
const HEADER_IV = Buffer.from('ffffffff0000000000000000', 'hex');

/** Options of one decrypt stream. */
export interface DecryptStreamOptions {
  /**
   * Largest frame size accepted, in bytes: a stream whose (authenticated) header declares
   * larger frames is refused before any frame is buffered. Bounds memory per stream.
   * @default - 1 MiB, or the encryptor's frameSize if larger
   */
  readonly maxFrameSize?: number;
}

export function validateFrameSize(size: number, name = 'frameSize'): void {
  if (!Number.isInteger(size) || size < MIN_FRAME_SIZE || size > MAX_FRAME_SIZE) {
    throw new InvalidArgumentError(`${name} is ${size}; use a whole number of bytes from ${MIN_FRAME_SIZE} to ${MAX_FRAME_SIZE}.`);
  }
}

/** IV of frame `seq`: four zero bytes and the 64-bit sequence number (unique under the stream's own key). */
function frameIv(seq: bigint): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeBigUInt64BE(seq, 4);
  return iv;
}

/** Associated data of a frame: the header digest, the final flag and the sequence number (no reordering, no truncation). */
function frameAad(headerDigest: Buffer, flag: number, seq: bigint): Buffer {
  const aad = Buffer.allocUnsafe(headerDigest.length + 9);
  headerDigest.copy(aad, 0);
  aad.writeUInt8(flag, headerDigest.length);
  aad.writeBigUInt64BE(seq, headerDigest.length + 1);
  return aad;
}

/** The GCM tag over the stream header (empty plaintext), under the stream's frame key. */
function headerTag(frameKey: SecretKey, header: Buffer): Buffer {
  const cipher = frameKey.cipher(HEADER_IV);
  cipher.setAAD(header);
  cipher.final();
  return cipher.getAuthTag();
}

/** Encrypts a byte stream into: header | nonce | u32 frame size | header tag | frames, the last one flagged final. */
export function createEncryptStream(encryptor: EnvelopeEncryptor, context: EncryptionContext, frameSize: number): Transform {
  let frameKey: SecretKey | undefined;
  let headerDigest: Buffer;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0n;

  /** Returns false, with the key wiped, if the stream was destroyed while KMS was awaited. */
  const start = async (self: Transform): Promise<boolean> => {
    // A stream's size is unknown: it counts as one message of one frame against the cache limits.
    const { key, header: messageHeader } = await encryptor.encryptionMaterial(context, frameSize);
    // destroy() already ran and wiped nothing: no frame key may be derived after it.
    if (self.destroyed) {
      key.wipe();
      return false;
    }
    const nonce = crypto.randomBytes(STREAM_NONCE_LENGTH);
    try {
      frameKey = deriveStreamKey(key, nonce);
    } finally {
      key.wipe();
    }
    const tail = Buffer.allocUnsafe(STREAM_NONCE_LENGTH + 4);
    nonce.copy(tail, 0);
    tail.writeUInt32BE(frameSize, STREAM_NONCE_LENGTH);
    // The stream header is the message header with the stream type, then the nonce and frame size, then its own tag.
    const header = Buffer.concat([messageHeader, tail]);
    header[1] = STREAM_TYPE;
    const sealed = Buffer.concat([header, headerTag(frameKey, header)]);
    headerDigest = crypto.createHash('sha256').update(sealed).digest();
    self.push(sealed);
    return true;
  };
  const emit = (self: Transform, plaintext: Buffer, flag: number) => {
    const cipher = frameKey!.cipher(frameIv(seq));
    cipher.setAAD(frameAad(headerDigest, flag, seq));
    const prefix = Buffer.allocUnsafe(FRAME_HEADER);
    prefix.writeUInt8(flag, 0);
    prefix.writeUInt32BE(plaintext.length, 1);
    const body = cipher.update(plaintext);
    cipher.final();
    self.push(Buffer.concat([prefix, body, cipher.getAuthTag()]));
    seq += 1n;
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      (async () => {
        if (!frameKey && !(await start(this))) return;
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes < frameSize) return;
        let all = Buffer.concat(pending, pendingBytes);
        // Keep at least one byte back so the last frame is always the final one.
        while (all.length > frameSize) {
          emit(this, all.subarray(0, frameSize), REGULAR);
          all = all.subarray(frameSize);
        }
        pending = [all];
        pendingBytes = all.length;
      })().then(() => callback(), (e) => callback(e));
    },
    flush(callback: TransformCallback) {
      (async () => {
        if (!frameKey && !(await start(this))) return;
        emit(this, Buffer.concat(pending, pendingBytes), FINAL);
        frameKey!.wipe();
      })().then(() => callback(), (e) => callback(e));
    },
    // Runs on success, on error and when the consumer gives up: the frame key never outlives the stream.
    destroy(error, callback) {
      frameKey?.wipe();
      callback(error);
    },
  });
}

/**
 * Decrypts framed ciphertext in time linear in its size. The header is authenticated (its
 * own tag, after the KMS unwrap) before its frame size is trusted; each frame is released
 * only after its tag verifies; the stream fails if the final frame is missing.
 */
export function createDecryptStream(encryptor: EnvelopeEncryptor, expectedContext: EncryptionContext, maxFrameSize: number): Transform {
  const queue = new ChunkQueue();
  /** Bytes needed before the header is looked at again (each look learns a length field). */
  let headerWant = 4;
  let frameSize = 0;
  let headerDigest: Buffer | undefined;
  let frameKey: SecretKey | undefined;
  let seq = 0n;
  let done = false;

  /** False until the whole header is in, or (key wiped) if the stream was destroyed while KMS was awaited. */
  const readHeader = async (self: Transform): Promise<boolean> => {
    for (;;) {
      if (queue.length < headerWant) return false;
      const { complete, need } = streamHeaderLength(queue.peek(headerWant));
      headerWant = need;
      if (complete) {
        if (queue.length < need) return false;
        break;
      }
    }
    const bytes = queue.take(headerWant);
    const parsed = parseHeader(bytes, STREAM_TYPE);
    const tagStart = bytes.length - TAG_LENGTH;
    const key = await encryptor.decryptionKey(parsed, expectedContext);
    // destroy() already ran and wiped nothing: no frame key may be derived after it.
    if (self.destroyed) {
      key.wipe();
      return false;
    }
    try {
      frameKey = deriveStreamKey(key, bytes.subarray(parsed.end, parsed.end + STREAM_NONCE_LENGTH));
    } finally {
      key.wipe();
    }
    if (!crypto.timingSafeEqual(headerTag(frameKey, bytes.subarray(0, tagStart)), bytes.subarray(tagStart))) {
      throw new TamperedCiphertextError('the stream header failed authentication');
    }
    // Only now, authenticated, may the frame size decide how much is buffered.
    frameSize = bytes.readUInt32BE(parsed.end + STREAM_NONCE_LENGTH);
    if (frameSize < MIN_FRAME_SIZE || frameSize > MAX_FRAME_SIZE) throw new MalformedCiphertextError(`frame size ${frameSize} is out of range`);
    if (frameSize > maxFrameSize) {
      throw new MalformedCiphertextError(`frame size ${frameSize} exceeds maxFrameSize ${maxFrameSize} of this decryptStream; raise maxFrameSize if the writer is trusted with larger frames`);
    }
    headerDigest = crypto.createHash('sha256').update(bytes).digest();
    return true;
  };

  const readFrames = (self: Transform) => {
    while (queue.length >= FRAME_HEADER) {
      if (done) throw new MalformedCiphertextError('bytes after the final frame');
      const prefix = queue.peek(FRAME_HEADER);
      const flag = prefix.readUInt8(0);
      const length = prefix.readUInt32BE(1);
      if (flag !== REGULAR && flag !== FINAL) throw new MalformedCiphertextError(`frame flag ${flag}`);
      if (flag === REGULAR ? length !== frameSize : length > frameSize) {
        throw new MalformedCiphertextError(`frame ${seq} has length ${length} for frame size ${frameSize}`);
      }
      const total = FRAME_HEADER + length + TAG_LENGTH;
      if (queue.length < total) return;
      const frame = queue.take(total); // one copy per frame, however many chunks it came in
      const decipher = frameKey!.decipher(frameIv(seq));
      decipher.setAAD(frameAad(headerDigest!, flag, seq));
      decipher.setAuthTag(frame.subarray(FRAME_HEADER + length));
      const plaintext = decipher.update(frame.subarray(FRAME_HEADER, FRAME_HEADER + length));
      try {
        decipher.final();
      } catch {
        plaintext.fill(0);
        throw new TamperedCiphertextError(`frame ${seq} failed authentication (modified, reordered or from another stream)`);
      }
      self.push(plaintext);
      seq += 1n;
      if (flag === FINAL) done = true;
    }
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      queue.push(chunk);
      (async () => {
        if (!headerDigest && !(await readHeader(this))) return;
        readFrames(this);
        if (done && queue.length > 0) throw new MalformedCiphertextError('bytes after the final frame');
      })().then(() => callback(), (e) => callback(e));
    },
    flush(callback: TransformCallback) {
      frameKey?.wipe();
      if (!headerDigest) return callback(new TruncatedCiphertextError('the stream ended inside its header'));
      if (!done) return callback(new TruncatedCiphertextError(`the stream ended after ${seq} frames without its final frame`));
      callback();
    },
    destroy(error, callback) {
      frameKey?.wipe();
      queue.clear();
      callback(error);
    },
  });
}
