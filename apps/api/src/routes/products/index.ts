export { createProduct } from './create';
export { listProducts } from './list';
export { retrieveProduct } from './retrieve';
export { updateProduct } from './update';
