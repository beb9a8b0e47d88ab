/** Shared validation of construct props: checks, safe value rendering, deploy-time checks of tokens, AWS naming rules. */
export * from './checks';
export * from './describe';
export * from './deploy-time';
export * from './keys';
export * from './names';
export * from './common';
