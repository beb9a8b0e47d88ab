import { InvalidArgumentError } from './errors';

export const DEFAULT_FRAME_SIZE = 64 * 1024;
export const MIN_FRAME_SIZE = 1024;
export const MAX_FRAME_SIZE = 16 * 1024 * 1024;
/** Default cap on the frame size a decrypt stream accepts (or the encryptor's own frame size, if larger). */
export const DEFAULT_MAX_DECRYPT_FRAME_SIZE = 1024 * 1024;

/** Options of one decrypt stream. */
export interface DecryptStreamOptions {
  /**
   * Largest frame length accepted, in bytes: a stream whose (authenticated) header declares
   * larger frames is refused before any frame is buffered. Bounds memory per stream. The AWS
   * Encryption SDKs write 4 KiB frames by default.
   * @default - 1 MiB, or the encryptor's frameSize if larger
   */
  readonly maxFrameSize?: number;
}

export function validateFrameSize(size: number, name = 'frameSize'): void {
  if (!Number.isInteger(size) || size < MIN_FRAME_SIZE || size > MAX_FRAME_SIZE) {
    throw new InvalidArgumentError(`${name} is ${size}; use a whole number of bytes from ${MIN_FRAME_SIZE} to ${MAX_FRAME_SIZE}.`);
  }
}
