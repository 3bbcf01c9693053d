/** Set by scripts/build.mjs: true in watch/dev builds. */
declare const __DEV__: boolean;
