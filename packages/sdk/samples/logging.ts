import { Solifyn } from 'solifyn';

// Same as running with SOLIFYN_LOG=debug; `logger` takes any console-like object.
const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY, logLevel: 'debug', logger: console });

await solifyn.products.list({ limit: 10 });
// solifyn: GET /v1/products → 200 in 38 ms { method: 'GET', path: '/v1/products', status: 200, durationMs: 38,
//   retryCount: 0, requestId: 'req_3Kq9Zt7Lm2Xw8Pa' }
