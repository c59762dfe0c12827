/** The SDK version, sent as `Solifyn-SDK: typescript/<VERSION>`. Kept equal to package.json by a test. */
export const VERSION = '0.1.0';
