/**
 * ELB security policies that allow only TLS 1.2+ with the 2021 "strong" cipher
 * set (or TLS 1.3 only). The `Ext` variants re-admit CBC/SHA-1 ciphers and the
 * `ELBSecurityPolicy-2016-08` default admits TLS 1.0, so both are excluded.
 */
export const ALLOWED_TLS_POLICIES: readonly string[] = [
  'ELBSecurityPolicy-TLS13-1-2-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
  'ELBSecurityPolicy-TLS13-1-3-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04',
];
