export { createWebhookEndpoint } from './create';
export { deleteWebhookEndpoint } from './delete';
export { listWebhookEndpoints } from './list';
export { retrieveWebhookEndpoint } from './retrieve';
