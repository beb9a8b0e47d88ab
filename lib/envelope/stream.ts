import * as crypto from 'crypto';
import { Transform, TransformCallback } from 'stream';
import { EncryptionContext } from './context';
import type { EnvelopeEncryptor } from './encryptor';
import { InvalidArgumentError, MalformedCiphertextError, TamperedCiphertextError, TruncatedCiphertextError } from './errors';
import { Header, parseHeader, STREAM_NONCE_LENGTH, STREAM_TYPE, TAG_LENGTH } from './format';
import { deriveStreamKey, SecretKey } from './material';

export const DEFAULT_FRAME_SIZE = 64 * 1024;
const MIN_FRAME_SIZE = 1024;
const MAX_FRAME_SIZE = 16 * 1024 * 1024;
const FRAME_HEADER = 5; // u8 final flag + u32 length
const REGULAR = 0;
const FINAL = 1;

export function validateFrameSize(size: number): void {
  if (!Number.isInteger(size) || size < MIN_FRAME_SIZE || size > MAX_FRAME_SIZE) {
    throw new InvalidArgumentError(`frameSize is ${size}; use a whole number of bytes from ${MIN_FRAME_SIZE} to ${MAX_FRAME_SIZE}.`);
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

/** Encrypts a byte stream into: header | nonce | u32 frame size | frames, the last one flagged final. */
export function createEncryptStream(encryptor: EnvelopeEncryptor, context: EncryptionContext, frameSize: number): Transform {
  let frameKey: SecretKey | undefined;
  let headerDigest: Buffer;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0n;

  const start = async (self: Transform) => {
    // A stream's size is unknown: it counts as one message of one frame against the cache limits.
    const { key, header: messageHeader } = await encryptor.encryptionMaterial(context, frameSize);
    const nonce = crypto.randomBytes(STREAM_NONCE_LENGTH);
    try {
      frameKey = deriveStreamKey(key, nonce);
    } finally {
      key.wipe();
    }
    const tail = Buffer.allocUnsafe(STREAM_NONCE_LENGTH + 4);
    nonce.copy(tail, 0);
    tail.writeUInt32BE(frameSize, STREAM_NONCE_LENGTH);
    // The stream header is the message header with the stream type.
    const header = Buffer.concat([messageHeader, tail]);
    header[1] = STREAM_TYPE;
    headerDigest = crypto.createHash('sha256').update(header).digest();
    self.push(header);
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
        if (!frameKey) await start(this);
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
        if (!frameKey) await start(this);
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

/** Decrypts framed ciphertext; each frame is released after its tag verifies, the stream fails if the final frame is missing. */
export function createDecryptStream(encryptor: EnvelopeEncryptor, expectedContext: EncryptionContext | undefined): Transform {
  let buffer: Buffer = Buffer.alloc(0);
  let header: (Header & { frameSize: number; digest: Buffer }) | undefined;
  let frameKey: SecretKey | undefined;
  let seq = 0n;
  let done = false;

  const readHeader = async (): Promise<boolean> => {
    let parsed: Header;
    try {
      parsed = parseHeader(buffer, STREAM_TYPE);
    } catch (e) {
      if (e instanceof TruncatedCiphertextError) return false;
      throw e;
    }
    const end = parsed.end + STREAM_NONCE_LENGTH + 4;
    if (buffer.length < end) return false;
    const frameSize = buffer.readUInt32BE(parsed.end + STREAM_NONCE_LENGTH);
    validateFrameSizeInMessage(frameSize);
    const key = await encryptor.decryptionKey(parsed, expectedContext);
    try {
      frameKey = deriveStreamKey(key, buffer.subarray(parsed.end, parsed.end + STREAM_NONCE_LENGTH));
    } finally {
      key.wipe();
    }
    header = { ...parsed, frameSize, digest: crypto.createHash('sha256').update(buffer.subarray(0, end)).digest() };
    buffer = buffer.subarray(end);
    return true;
  };

  const readFrames = (self: Transform) => {
    while (buffer.length >= FRAME_HEADER) {
      if (done) throw new MalformedCiphertextError('bytes after the final frame');
      const flag = buffer.readUInt8(0);
      const length = buffer.readUInt32BE(1);
      if (flag !== REGULAR && flag !== FINAL) throw new MalformedCiphertextError(`frame flag ${flag}`);
      if (flag === REGULAR ? length !== header!.frameSize : length > header!.frameSize) {
        throw new MalformedCiphertextError(`frame ${seq} has length ${length} for frame size ${header!.frameSize}`);
      }
      const total = FRAME_HEADER + length + TAG_LENGTH;
      if (buffer.length < total) return;
      const decipher = frameKey!.decipher(frameIv(seq));
      decipher.setAAD(frameAad(header!.digest, flag, seq));
      decipher.setAuthTag(buffer.subarray(FRAME_HEADER + length, total));
      const plaintext = decipher.update(buffer.subarray(FRAME_HEADER, FRAME_HEADER + length));
      try {
        decipher.final();
      } catch {
        plaintext.fill(0);
        throw new TamperedCiphertextError(`frame ${seq} failed authentication (modified, reordered or from another stream)`);
      }
      self.push(plaintext);
      buffer = buffer.subarray(total);
      seq += 1n;
      if (flag === FINAL) done = true;
    }
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      (async () => {
        if (!header && !(await readHeader())) return;
        readFrames(this);
        if (done && buffer.length > 0) throw new MalformedCiphertextError('bytes after the final frame');
      })().then(() => callback(), (e) => callback(e));
    },
    flush(callback: TransformCallback) {
      frameKey?.wipe();
      if (!header) return callback(new TruncatedCiphertextError('the stream ended inside its header'));
      if (!done) return callback(new TruncatedCiphertextError(`the stream ended after ${seq} frames without its final frame`));
      callback();
    },
    destroy(error, callback) {
      frameKey?.wipe();
      callback(error);
    },
  });
}

function validateFrameSizeInMessage(size: number): void {
  if (size < MIN_FRAME_SIZE || size > MAX_FRAME_SIZE) throw new MalformedCiphertextError(`frame size ${size} is out of range`);
}
