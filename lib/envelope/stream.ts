import { Transform, TransformCallback } from 'stream';
import { ChunkQueue } from './chunks';
import { checkHeaderTag, finalFrameBytes, frameNumberAllowed, headerTag, MAX_FRAMES, openBlock, regularFrameBytes, writeFrame } from './codec';
import { EncryptionContext } from './context';
import { InvalidArgumentError, MalformedCiphertextError, TruncatedCiphertextError } from './errors';
import type { KeySource } from './keys';
import {
  bodyAad, CONTENT_NON_FRAMED, detectFormat, EsdkHeader, FINAL_FRAME_MARK, IncompleteHeaderError, isSignedSuite, IV_LENGTH, MAX_HEADER_BYTES, parseEsdkHeader,
  TAG_LENGTH,
} from './message';
import { SecretKey } from './material';
import { MAX_SIGNATURE_LENGTH, SignatureCheck, verificationKey } from './signature';
import { StreamReader, V1StreamReader } from './stream-v1';

export type { DecryptStreamOptions } from './stream-options';

/**
 * Encrypts a byte stream into one AWS Encryption SDK message (format 2, framed): the header as soon
 * as KMS answers, each frame as its bytes arrive, the final frame at the end.
 */
export function createEncryptStream(keys: KeySource, context: EncryptionContext, frameSize: number): Transform {
  let key: SecretKey | undefined;
  let messageId: Buffer;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 1;
  let account: (bytes: number) => void = () => undefined;
  /** Plaintext bytes written, and how many of them the data-key cache has counted. */
  let written = 0;
  let counted = 0;

  /** Returns false, with the key wiped, if the stream was destroyed while KMS was awaited. */
  const start = async (self: Transform): Promise<boolean> => {
    // A stream's size is unknown when it starts: it takes a cached data key with room for one
    // message of one frame, then counts every further byte as its frames are written, so the
    // cache's maxBytes sees all of it (and retires the key once passed), as for messages.
    const message = await keys.messageKeys(context, frameSize, frameSize);
    counted = frameSize;
    // destroy() already ran and wiped nothing: the key must not outlive the stream.
    if (self.destroyed) {
      message.key.wipe();
      return false;
    }
    key = message.key;
    messageId = message.messageId;
    account = message.account;
    self.push(Buffer.concat([message.headerBody, headerTag(key, message.headerBody)]));
    return true;
  };
  const emit = (self: Transform, plaintext: Buffer, final: boolean) => {
    if (!frameNumberAllowed(seq, final)) throw new InvalidArgumentError(`a stream holds at most ${MAX_FRAMES} frames; raise frameSize.`);
    const out = Buffer.allocUnsafe(final ? finalFrameBytes(plaintext.length) : regularFrameBytes(plaintext.length));
    writeFrame(key!, messageId, seq, final, plaintext, out, 0);
    written += plaintext.length;
    if (written > counted) {
      account(written - counted);
      counted = written;
    }
    self.push(out);
    seq += 1;
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      (async () => {
        if (!key && !(await start(this))) return;
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes < frameSize) return;
        let all = Buffer.concat(pending, pendingBytes);
        // Keep at least one byte back so the last frame is always the final one (and not empty).
        while (all.length > frameSize) {
          emit(this, all.subarray(0, frameSize), false);
          all = all.subarray(frameSize);
        }
        pending = [all];
        pendingBytes = all.length;
      })().then(() => callback(), (e) => callback(e));
    },
    flush(callback: TransformCallback) {
      (async () => {
        if (!key && !(await start(this))) return;
        emit(this, Buffer.concat(pending, pendingBytes), true);
        key!.wipe();
      })().then(() => callback(), (e) => callback(e));
    },
    // Runs on success, on error and when the consumer gives up: the key never outlives the stream.
    destroy(error, callback) {
      key?.wipe();
      callback(error);
    },
  });
}

/**
 * Decrypts a stream of either format: AWS Encryption SDK format 2 (committing suites, signed or
 * not) or our own format 1 (decrypt only), told apart by the first two bytes.
 */
export function createDecryptStream(keys: KeySource, expectedContext: EncryptionContext, maxFrameSize: number): Transform {
  const queue = new ChunkQueue();
  let reader: StreamReader | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      queue.push(chunk);
      (async () => {
        if (!reader) {
          if (queue.length < 2) return;
          reader = detectFormat(queue.peek(2)) === 'esdk'
            ? new EsdkStreamReader(queue, keys, expectedContext, maxFrameSize)
            : new V1StreamReader(queue, keys, expectedContext, maxFrameSize);
        }
        await reader.read(this);
      })().then(() => callback(), (e) => callback(e));
    },
    flush(callback: TransformCallback) {
      try {
        if (!reader) throw new TruncatedCiphertextError('the stream ended inside its header');
        reader.end();
        callback();
      } catch (e) {
        callback(e as Error);
      }
    },
    destroy(error, callback) {
      reader?.wipe();
      queue.clear();
      callback(error);
    },
  });
}

/**
 * Reads one format-2 message from a stream. The header is parsed, its data key unwrapped, its
 * commitment and tag verified before its frame length is trusted; each frame is released only after
 * its tag verifies, in sequence from 1; the final frame must come, then (signed suites) the footer.
 *
 * Signed suites: frames are released as they verify (AES-GCM under the committed key) and the
 * ECDSA signature is checked at the end, so a stream whose signature fails ends in an error after
 * its plaintext was released, as in the AWS Encryption SDK's streaming decrypt. `decrypt` (whole
 * messages) verifies the signature before it returns anything.
 */
class EsdkStreamReader implements StreamReader {
  private header?: EsdkHeader;
  private key?: SecretKey;
  private check?: SignatureCheck;
  private seq = 1;
  private done = false;
  private signed = false;
  private verified = false;
  /**
   * Bytes the header parser needs before it looks again: each look learns the next field's end, so
   * a header arriving in tiny chunks is parsed once per field, not once per chunk (which copied the
   * growing prefix every time: quadratic, 10^11 bytes for a 1 MiB header sent a byte at a time).
   */
  private headerWant = 3;

  constructor(private readonly queue: ChunkQueue, private readonly keys: KeySource, private readonly expectedContext: EncryptionContext, private readonly maxFrameSize: number) {}

  public async read(self: Transform): Promise<void> {
    if (!this.header && !(await this.readHeader(self))) return;
    if (this.header!.contentType === CONTENT_NON_FRAMED) this.readNonFramed(self);
    else this.readFrames(self);
    if (this.done && this.signed && !this.verified) this.readFooter();
    if (this.done && (!this.signed || this.verified) && this.queue.length > 0) {
      throw new MalformedCiphertextError(this.signed ? 'bytes after the signature' : 'bytes after the final frame');
    }
  }

  public end(): void {
    this.wipe();
    if (!this.header) throw new TruncatedCiphertextError('the stream ended inside its header');
    if (!this.done) throw new TruncatedCiphertextError(`the stream ended after ${this.seq - 1} frames without its final frame`);
    if (this.signed && !this.verified) throw new TruncatedCiphertextError('the stream ended before its signature');
  }

  public wipe(): void {
    this.key?.wipe();
  }

  /** False until the whole header is in, or (key wiped) if the stream was destroyed while KMS was awaited. */
  private async readHeader(self: Transform): Promise<boolean> {
    if (this.queue.length < this.headerWant) return false;
    let header: EsdkHeader;
    try {
      header = parseEsdkHeader(this.queue.peek(Math.min(this.queue.length, MAX_HEADER_BYTES)));
    } catch (e) {
      if (e instanceof IncompleteHeaderError) {
        this.headerWant = e.needed; // wait for the rest of this field (parseEsdkHeader caps the size)
        return false;
      }
      throw e;
    }
    const bytes = this.queue.take(header.end);
    header = parseEsdkHeader(bytes); // views into bytes of its own, not into the queue's chunks
    const signed = isSignedSuite(header.suite);
    const check = signed ? new SignatureCheck(verificationKey(header.context)) : undefined;
    const key = await this.keys.esdkKey(header, this.expectedContext);
    if (self.destroyed) {
      key.wipe();
      return false;
    }
    this.key = key;
    checkHeaderTag(key, header);
    // Only now, authenticated, may the frame length decide how much is buffered.
    const bound = header.contentType === CONTENT_NON_FRAMED ? 0 : header.frameLength;
    if (bound > this.maxFrameSize) {
      throw new MalformedCiphertextError(`frame length ${bound} exceeds maxFrameSize ${this.maxFrameSize} of this decryptStream; raise maxFrameSize if the writer is trusted with larger frames`);
    }
    check?.update(bytes);
    this.header = header;
    this.check = check;
    this.signed = signed;
    return true;
  }

  private readFrames(self: Transform): void {
    const { queue } = this;
    const header = this.header!;
    while (!this.done && queue.length >= 4) {
      const final = queue.peek(4).readUInt32BE(0) === FINAL_FRAME_MARK;
      const prefixLength = final ? 8 + IV_LENGTH + 4 : 4 + IV_LENGTH;
      if (queue.length < prefixLength) return;
      const prefix = queue.peek(prefixLength);
      const seq = prefix.readUInt32BE(final ? 4 : 0);
      if (seq !== this.seq) throw new MalformedCiphertextError(`frame ${this.seq} has sequence number ${seq}`);
      const length = final ? prefix.readUInt32BE(prefixLength - 4) : header.frameLength;
      if (length > header.frameLength) throw new MalformedCiphertextError(`the final frame holds ${length} bytes, more than the frame length ${header.frameLength}`);
      const total = prefixLength + length + TAG_LENGTH;
      if (queue.length < total) return;
      const frame = queue.take(total); // one copy per frame, however many chunks it came in
      this.check?.update(frame);
      const ivStart = final ? 8 : 4;
      const iv = frame.subarray(ivStart, ivStart + IV_LENGTH);
      self.push(openBlock(this.key!, iv, bodyAad(header.messageId, final ? 'final' : 'frame', seq, length),
        frame.subarray(prefixLength, prefixLength + length), frame.subarray(prefixLength + length), `frame ${seq}`));
      if (final) this.done = true;
      else if (!frameNumberAllowed(++this.seq, true)) throw new MalformedCiphertextError('no final frame within the frame limit');
    }
  }

  /** Non-framed content is one block, buffered whole: read only up to maxFrameSize. */
  private readNonFramed(self: Transform): void {
    const { queue } = this;
    if (this.done || queue.length < IV_LENGTH + 8) return;
    const length = queue.peek(IV_LENGTH + 8).readBigUInt64BE(IV_LENGTH);
    if (length > BigInt(this.maxFrameSize)) {
      throw new MalformedCiphertextError(`non-framed content of ${length} bytes exceeds maxFrameSize ${this.maxFrameSize}; decrypt it whole with decrypt()`);
    }
    const n = Number(length);
    const total = IV_LENGTH + 8 + n + TAG_LENGTH;
    if (queue.length < total) return;
    const block = queue.take(total);
    this.check?.update(block);
    self.push(openBlock(this.key!, block.subarray(0, IV_LENGTH), bodyAad(this.header!.messageId, 'single', 1, n),
      block.subarray(IV_LENGTH + 8, IV_LENGTH + 8 + n), block.subarray(IV_LENGTH + 8 + n), 'the content'));
    this.done = true;
  }

  private readFooter(): void {
    const { queue } = this;
    if (queue.length < 2) return;
    const length = queue.peek(2).readUInt16BE(0);
    if (length === 0 || length > MAX_SIGNATURE_LENGTH) throw new MalformedCiphertextError(`signature length ${length}`);
    if (queue.length < 2 + length) return;
    this.check!.verify(queue.take(2 + length).subarray(2));
    this.verified = true;
  }
}
