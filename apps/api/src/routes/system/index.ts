export { getHealth } from './health';
export { getOpenApiDocument } from './openapi-document';
