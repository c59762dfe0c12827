export { createDiscount } from './create';
export { deactivateDiscount } from './deactivate';
export { listDiscounts } from './list';
export { retrieveDiscount } from './retrieve';
