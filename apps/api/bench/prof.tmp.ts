import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { once, runLoad } from './load';
const serverPath = fileURLToPath(new URL('./server.ts', import.meta.url));
const child = fork(serverPath, [], {
  execArgv: ['--import', 'tsx', ...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [])],
  env: { ...process.env, BENCH_SERVER: 'api', RATE_LIMIT_REQUESTS: '1000000000', WEBHOOK_WORKER: 'off' },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const ready: any = await new Promise((r) => child.on('message', (m: any) => m.type === 'ready' && r(m)));
const auth = { authorization: `Bearer ${ready.demo.key}` };
const body = JSON.stringify({ productId: ready.demo.fixedProductId, quantity: 1, customerEmail: 'customer@example.com', customFields: { userId: 'user_9983' } });
const create = { method: 'POST' as const, path: '/v1/checkout/create', headers: auth, body };
const created = JSON.parse((await once(ready.port, create)).body);
const req = process.env.SCEN === 'get' ? { method: 'GET' as const, path: `/v1/checkout/${created.id}`, headers: auth } : create;
const res = await runLoad({ port: ready.port, connections: 50, warmupMs: 1000, durationMs: 5000, maxRequests: 1e6 }, req);
console.log(process.env.SCEN ?? 'create', Math.round(res.requestsPerSecond), res.errors);
child.send({ type: 'stop' });
