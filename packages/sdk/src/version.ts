/** The SDK version, sent as `Solifyn-SDK: typescript/<VERSION>`. Kept equal to package.json by a test. */
export const VERSION = '1.0.0';
