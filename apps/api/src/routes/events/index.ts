export { listEvents } from './list';
export { redeliverEvent } from './redeliver';
