export { getHealth } from './health';
export { getOpenApiDocument } from './openapi-document';
export { getReadiness } from './readiness';
