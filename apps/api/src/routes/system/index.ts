export { getHealth } from './health';
export { getLiveness } from './liveness';
export { getOpenApiDocument } from './openapi-document';
export { getReadiness } from './readiness';
