import * as backup from 'aws-cdk-lib/aws-backup';
import { IConstruct } from 'constructs';

/**
 * A construct that can be protected by a HipaaBackupPlan: it names the
 * resources AWS Backup should select.
 */
export interface IHipaaBackupable {
  /** The AWS Backup resources that protect this construct's data. */
  backupResources(): backup.BackupResource[];
  /**
   * Called once the resources are selected by a plan, so the construct can record that
   * coverage where the packs cannot see it (e.g. Aurora instances backed up through their cluster).
   */
  bindToBackupPlan?(plan: IConstruct): void;
}

/** True when `x` offers {@link IHipaaBackupable.backupResources}. */
export function isHipaaBackupable(x: unknown): x is IHipaaBackupable {
  return typeof x === 'object' && x !== null && typeof (x as IHipaaBackupable).backupResources === 'function';
}
