/**
 * The early start's script, named with a digest of its content (next.config.js
 * reads it at build time): a new build gets a new address, so the file can be
 * cached for good.
 */
export const EARLY_START_SRC = `/early-start.js?v=${process.env.EARLY_START_VERSION ?? 'dev'}`;
