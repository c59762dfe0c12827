export { createRefund } from './create';
export { listRefunds } from './list';
export { retrieveRefund } from './retrieve';
