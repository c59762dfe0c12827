import { APIError, NotFoundError, Solifyn, UnprocessableEntityError } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

try {
  await solifyn.checkout.createSession({ productId: 'prod_7oQUIde2kLxV9a', quantity: 1, discountCode: 'SPRING' });
} catch (error) {
  if (error instanceof UnprocessableEntityError) {
    // error.code is typed with the 422 codes of the spec: a misspelt or misplaced code does not compile.
    switch (error.code) {
      case 'discount_expired':
      case 'discount_exhausted':
      case 'discount_inactive':
        console.log('That code no longer works; ask for another one.');
        break;
      case 'custom_price_below_minimum':
        console.log(error.detail);
        break;
      default:
        throw error;
    }
  } else if (error instanceof NotFoundError && error.code === 'product_not_found') {
    console.error('Unknown product; request', error.requestId);
  } else if (error instanceof APIError && error.code === 'validation_failed') {
    for (const { pointer, detail } of error.errors) console.error(pointer, detail); // e.g. /body/quantity
  } else {
    throw error;
  }
}
