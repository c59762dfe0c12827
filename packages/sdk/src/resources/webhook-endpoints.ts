import {
  type APIPromise,
  APIResource,
  type Body,
  type ListResult,
  type Query,
  type RequestOptions,
  type Result,
} from '../resource';

/** Webhook endpoints: where Solifyn delivers events. */
export class WebhookEndpoints extends APIResource {
  /** Creates an endpoint; the response carries its signing `secret` (shown only here). */
  create(body: Body<'createWebhookEndpoint'>, options?: RequestOptions): APIPromise<Result<'createWebhookEndpoint'>> {
    return this._client.post('/v1/webhook_endpoints', { body }, options);
  }

  retrieve(webhookEndpointId: string, options?: RequestOptions): APIPromise<Result<'retrieveWebhookEndpoint'>> {
    return this._client.get('/v1/webhook_endpoints/{webhookEndpointId}', { path: { webhookEndpointId } }, options);
  }

  list(query: Query<'listWebhookEndpoints'> = {}, options?: RequestOptions): ListResult<'listWebhookEndpoints'> {
    return this._client.list('/v1/webhook_endpoints', { query }, options);
  }

  delete(webhookEndpointId: string, options?: RequestOptions): APIPromise<Result<'deleteWebhookEndpoint'>> {
    return this._client.delete('/v1/webhook_endpoints/{webhookEndpointId}', { path: { webhookEndpointId } }, options);
  }
}
