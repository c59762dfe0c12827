export { listOrders } from './list';
export { retrieveOrder } from './retrieve';
