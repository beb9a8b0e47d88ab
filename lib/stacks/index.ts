export * from './phi-storage-stack';
export * from './baseline-stack';
