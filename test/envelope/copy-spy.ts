/**
 * Counts the bytes a piece of work copies: every Buffer.concat and Buffer.allocUnsafe made while it
 * runs (the ways the envelope code joins and copies bytes). Tests of the stream readers use it to
 * prove they stay linear in their input.
 */

/** The real Buffer.concat, for a test's own joining (not counted). */
export const realConcat: typeof Buffer.concat = Buffer.concat.bind(Buffer);
const realAllocUnsafe: typeof Buffer.allocUnsafe = Buffer.allocUnsafe.bind(Buffer);

/** Bytes produced by every Buffer.concat and Buffer.allocUnsafe while `work` runs. */
export async function bytesCopied(work: () => Promise<void>): Promise<number> {
  let copied = 0;
  const concat = jest.spyOn(Buffer, 'concat').mockImplementation(((list: readonly Uint8Array[], total?: number) => {
    const out = realConcat(list, total);
    copied += out.length;
    return out;
  }) as typeof Buffer.concat);
  const allocUnsafe = jest.spyOn(Buffer, 'allocUnsafe').mockImplementation((size: number) => {
    copied += size;
    return realAllocUnsafe(size);
  });
  try {
    await work();
  } finally {
    concat.mockRestore();
    allocUnsafe.mockRestore();
  }
  return copied;
}
