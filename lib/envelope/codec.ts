import { EncryptionContext } from './context';
import { MalformedCiphertextError, TamperedCiphertextError, TruncatedCiphertextError } from './errors';
import type { KeySource, MessageKeys } from './keys';
import {
  bodyAad, CONTENT_NON_FRAMED, EsdkHeader, FINAL_FRAME_MARK, frameIv, HEADER_AUTH_IV, isSignedSuite, IV_LENGTH, parseEsdkHeader, TAG_LENGTH,
} from './message';
import { SecretKey } from './material';
import { MAX_SIGNATURE_LENGTH, SignatureCheck, verificationKey } from './signature';

/**
 * Most frames in one message: 2^32 - 1 (data-format/message-body.md, "The number of frames in a single
 * message MUST be less than or equal to 2^32 - 1"). Sequence numbers count from 1, so the final frame
 * may carry 0xffffffff (it is told apart by its Sequence Number End mark, not by its number); a
 * regular frame may not, as its first four bytes would read as that mark.
 */
export const MAX_FRAMES = 0xffffffff;

/**
 * Whether frame `seq` may be written or read as a regular frame (false) or must be refused:
 * regular frames end at MAX_FRAMES - 1, the final frame at MAX_FRAMES.
 */
export function frameNumberAllowed(seq: number, final: boolean): boolean {
  return Number.isInteger(seq) && seq >= 1 && seq <= (final ? MAX_FRAMES : MAX_FRAMES - 1);
}

/** The header tag: AES-GCM under the message key, all-zero IV, the header body as associated data, no plaintext. */
export function headerTag(key: SecretKey, headerBody: Buffer): Buffer {
  const cipher = key.cipher(HEADER_AUTH_IV);
  cipher.setAAD(headerBody);
  cipher.final();
  return cipher.getAuthTag();
}

/** Throws TamperedCiphertextError unless the header tag verifies (GCM compares the tag in constant time). */
export function checkHeaderTag(key: SecretKey, header: EsdkHeader): void {
  const decipher = key.decipher(HEADER_AUTH_IV);
  decipher.setAAD(header.body);
  decipher.setAuthTag(header.tag);
  try {
    decipher.final();
  } catch {
    throw new TamperedCiphertextError('the message header failed authentication');
  }
}

/** Bytes of a regular frame and of a final frame carrying `length` plaintext bytes. */
export const regularFrameBytes = (frameLength: number) => 4 + IV_LENGTH + frameLength + TAG_LENGTH;
export const finalFrameBytes = (length: number) => 8 + IV_LENGTH + 4 + length + TAG_LENGTH;

/**
 * Writes frame `seq` of `plaintext` at `out[o]`, returns the offset after it. The IV is the
 * sequence number (unique within the message, whose key is its own).
 */
export function writeFrame(key: SecretKey, messageId: Buffer, seq: number, final: boolean, plaintext: Uint8Array, out: Buffer, o: number): number {
  if (final) o = out.writeUInt32BE(FINAL_FRAME_MARK, o);
  o = out.writeUInt32BE(seq, o);
  const iv = frameIv(seq);
  o += iv.copy(out, o);
  if (final) o = out.writeUInt32BE(plaintext.length, o);
  const cipher = key.cipher(iv);
  cipher.setAAD(bodyAad(messageId, final ? 'final' : 'frame', seq, plaintext.length));
  o += cipher.update(plaintext).copy(out, o);
  cipher.final();
  return o + cipher.getAuthTag().copy(out, o);
}

/** A whole message: header body, header tag, frames of `frameLength`, the last one final (one final frame when empty). */
export function sealMessage(keys: MessageKeys, data: Uint8Array, frameLength: number): Buffer {
  const frames = Math.max(1, Math.ceil(data.length / frameLength));
  if (!frameNumberAllowed(frames, true)) throw new RangeError('too many frames');
  const lastLength = data.length - (frames - 1) * frameLength;
  const size = keys.headerBody.length + TAG_LENGTH + (frames - 1) * regularFrameBytes(frameLength) + finalFrameBytes(lastLength);
  const out = Buffer.allocUnsafe(size);
  let o = keys.headerBody.copy(out, 0);
  o += headerTag(keys.key, keys.headerBody).copy(out, o);
  for (let seq = 1; seq <= frames; seq++) {
    const start = (seq - 1) * frameLength;
    const final = seq === frames;
    o = writeFrame(keys.key, keys.messageId, seq, final, data.subarray(start, final ? data.length : start + frameLength), out, o);
  }
  return out;
}

/**
 * Opens a whole format-2 message: header parsed, data key unwrapped, commitment checked (by the key
 * source) and header tag verified before any frame is decrypted; frames in sequence from 1, the final
 * frame last, nothing after it but the footer of a signed suite, whose signature is verified before
 * anything is returned. Returns the plaintext or throws; nothing partial.
 */
export async function openMessage(bytes: Buffer, keys: KeySource, expectedContext: EncryptionContext): Promise<Buffer> {
  const header = parseEsdkHeader(bytes);
  const check = isSignedSuite(header.suite) ? new SignatureCheck(verificationKey(header.context)) : undefined;
  const key = await keys.esdkKey(header, expectedContext);
  const pieces: Buffer[] = [];
  try {
    checkHeaderTag(key, header);
    const end = header.contentType === CONTENT_NON_FRAMED
      ? openNonFramed(key, header, bytes, pieces)
      : openFrames(key, header, bytes, pieces);
    if (check) {
      check.update(bytes.subarray(0, end));
      check.verify(readFooter(bytes, end));
    } else if (end !== bytes.length) {
      throw new MalformedCiphertextError('bytes after the final frame');
    }
    return pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
  } catch (e) {
    for (const piece of pieces) piece.fill(0);
    throw e;
  } finally {
    key.wipe();
  }
}

/** Reads frames from header.end; returns the offset after the final frame. */
function openFrames(key: SecretKey, header: EsdkHeader, bytes: Buffer, pieces: Buffer[]): number {
  let o = header.end;
  const need = (n: number, what: string) => {
    if (o + n > bytes.length) throw new TruncatedCiphertextError(`ends inside ${what}`);
  };
  for (let expected = 1; ; expected++) {
    need(4, `frame ${expected}`);
    const final = bytes.readUInt32BE(o) === FINAL_FRAME_MARK;
    if (final) o += 4;
    need(4 + IV_LENGTH, `frame ${expected}`);
    const seq = bytes.readUInt32BE(o); o += 4;
    if (seq !== expected) throw new MalformedCiphertextError(`frame ${expected} has sequence number ${seq}`);
    const iv = bytes.subarray(o, o + IV_LENGTH); o += IV_LENGTH;
    let length = header.frameLength;
    if (final) {
      need(4, 'the final frame length');
      length = bytes.readUInt32BE(o); o += 4;
      if (length > header.frameLength) throw new MalformedCiphertextError(`the final frame holds ${length} bytes, more than the frame length ${header.frameLength}`);
    }
    need(length + TAG_LENGTH, `frame ${expected}`);
    pieces.push(openBlock(key, iv, bodyAad(header.messageId, final ? 'final' : 'frame', seq, length), bytes.subarray(o, o + length), bytes.subarray(o + length, o + length + TAG_LENGTH), `frame ${seq}`));
    o += length + TAG_LENGTH;
    if (final) return o;
    if (!frameNumberAllowed(expected + 1, true)) throw new MalformedCiphertextError('no final frame within the frame limit');
  }
}

/** Non-framed content (written by SDKs on request): IV | u64 length | content | tag, sequence number 1. */
function openNonFramed(key: SecretKey, header: EsdkHeader, bytes: Buffer, pieces: Buffer[]): number {
  let o = header.end;
  if (o + IV_LENGTH + 8 > bytes.length) throw new TruncatedCiphertextError('ends inside the body header');
  const iv = bytes.subarray(o, o + IV_LENGTH); o += IV_LENGTH;
  const length = bytes.readBigUInt64BE(o); o += 8;
  if (length > BigInt(bytes.length - o)) throw new TruncatedCiphertextError('ends inside the content');
  const n = Number(length);
  if (o + n + TAG_LENGTH > bytes.length) throw new TruncatedCiphertextError('ends inside the content tag');
  pieces.push(openBlock(key, iv, bodyAad(header.messageId, 'single', 1, n), bytes.subarray(o, o + n), bytes.subarray(o + n, o + n + TAG_LENGTH), 'the content'));
  return o + n + TAG_LENGTH;
}

/** One AES-GCM decryption; the plaintext is wiped and TamperedCiphertextError thrown if the tag fails. */
export function openBlock(key: SecretKey, iv: Buffer, aad: Buffer, content: Buffer, tag: Buffer, what: string): Buffer {
  const decipher = key.decipher(iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  const plaintext = decipher.update(content);
  try {
    decipher.final();
  } catch {
    plaintext.fill(0);
    throw new TamperedCiphertextError(`${what} failed authentication (modified, reordered or from another message)`);
  }
  return plaintext;
}

/** The footer of a signed message: u16 length + DER signature, and nothing after it. */
export function readFooter(bytes: Buffer, o: number): Buffer {
  if (o + 2 > bytes.length) throw new TruncatedCiphertextError('ends before the signature');
  const length = bytes.readUInt16BE(o);
  if (length === 0 || length > MAX_SIGNATURE_LENGTH) throw new MalformedCiphertextError(`signature length ${length}`);
  if (o + 2 + length > bytes.length) throw new TruncatedCiphertextError('ends inside the signature');
  if (o + 2 + length < bytes.length) throw new MalformedCiphertextError('bytes after the signature');
  return bytes.subarray(o + 2, o + 2 + length);
}
