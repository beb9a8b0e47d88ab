import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

// Asset hashes (64 hex digits) and esbuild bundle folders differ between machines and
// dependency versions: a snapshot that keeps them breaks on every upgrade without a change.
const ASSET_HASH = /[0-9a-f]{64}(\.zip|\.json)?/g;
const ASSET_DIR = /asset\.[0-9a-f]+/g;

/** A copy of `value` (a template or any JSON) with asset hashes and bundle folder names masked. */
export function maskAssetHashes<T>(value: T): T {
  const json = JSON.stringify(value);
  return JSON.parse(json.replace(ASSET_HASH, '<asset-hash>$1').replace(ASSET_DIR, 'asset.<hash>'));
}

/** The stack's synthesized template with asset hashes masked, ready for a snapshot. */
export function maskedTemplate(stack: Stack): Record<string, unknown> {
  return maskAssetHashes(Template.fromStack(stack).toJSON());
}

/**
 * A snapshot serializer (jest `expect.addSnapshotSerializer`, vitest the same) that
 * masks asset hashes in any string of a snapshot.
 */
export const assetHashSerializer = {
  test(value: unknown): boolean {
    return typeof value === 'string' && (value.match(ASSET_HASH) !== null || value.match(ASSET_DIR) !== null);
  },
  serialize(value: string): string {
    return JSON.stringify(value.replace(ASSET_HASH, '<asset-hash>$1').replace(ASSET_DIR, 'asset.<hash>'));
  },
};
