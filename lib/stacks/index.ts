export * from './phi-storage-stack';
export * from './baseline-stack';
export * from './three-tier-stack';
export * from './emr-stack';
