/**
 * The SDK version, sent as `Solifyn-Sdk-Version: <VERSION>`, `Solifyn-SDK: typescript/<VERSION>` and
 * `User-Agent: solifyn-node/<VERSION>`. Its one source is package.json's `version` (the release bumps only that):
 * the build inlines it, so the published bundle never reads package.json at run time.
 */
import { version } from '../package.json';

export const VERSION: string = version;
