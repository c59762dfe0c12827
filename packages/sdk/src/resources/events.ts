import {
  type APIPromise,
  APIResource,
  type ListResult,
  type Query,
  type RequestOptions,
  type Result,
} from '../resource';

/** Events: what happened, and how its webhook deliveries went. */
export class Events extends APIResource {
  list(query: Query<'listEvents'> = {}, options?: RequestOptions): ListResult<'listEvents'> {
    return this._client.list('/v1/events', { query }, options);
  }

  /** Queues the event for delivery again to every subscribed endpoint. */
  redeliver(eventId: string, options?: RequestOptions): APIPromise<Result<'redeliverEvent'>> {
    return this._client.post('/v1/events/{eventId}/redeliver', { path: { eventId } }, options);
  }
}
