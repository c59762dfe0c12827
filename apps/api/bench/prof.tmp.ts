import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { once, runLoad } from './load';
const serverPath = fileURLToPath(new URL('./server.ts', import.meta.url));
const child = fork(serverPath, [], {
  execArgv: ['--import', 'tsx', '--cpu-prof', '--cpu-prof-dir=/tmp/prof'],
  env: { ...process.env, BENCH_SERVER: 'api', RATE_LIMIT_REQUESTS: process.env.RL ?? '0', WEBHOOK_WORKER: 'off' },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const ready: any = await new Promise((r) => child.on('message', (m: any) => m.type === 'ready' && r(m)));
const auth = { authorization: `Bearer ${ready.demo.key}` };
const body = JSON.stringify({
  productId: ready.demo.fixedProductId,
  quantity: 1,
  customerEmail: 'customer@example.com',
  customFields: { userId: 'user_9983' },
});
const req = { method: 'POST' as const, path: '/v1/checkout/create', headers: auth, body };
console.log(await once(ready.port, req));
const res = await runLoad(
  { port: ready.port, connections: 32, warmupMs: 1000, durationMs: 5000, maxRequests: 1e6 },
  req,
);
console.log(res.requestsPerSecond, res.latencyMs, res.errors);
child.send({ type: 'stop' });
