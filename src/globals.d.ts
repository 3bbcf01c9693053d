/** Set by scripts/build.mjs: true in watch/dev builds. */
declare const __DEV__: boolean;
/** Set by scripts/build.mjs --autoconnect: a JSON ConnectionTarget or the empty string. */
declare const __AUTOCONNECT__: string;
