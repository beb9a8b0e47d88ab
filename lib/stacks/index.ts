export * from './phi-storage-stack';
