export * from './phi-storage-stack';
export * from './baseline-stack';
export * from './three-tier-stack';
export * from './emr-stack';
export { SessionManagerPreferences, SESSION_PREFERENCES_DOCUMENT } from './baseline/session-manager';
export type { SessionManagerPreferencesProps } from './baseline/session-manager';
export { SESSION_KEY_ALIAS, SESSION_LOG_GROUP_NAME } from '../policies/session-manager';
export * from './disaster-recovery-stack';
