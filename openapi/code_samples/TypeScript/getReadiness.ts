// No API key needed: a readiness probe
const res = await fetch('https://api.solifyn.com/readyz');

console.log(res.status, await res.json()); // 200 { status: 'ready', checks: { database: 'ok', migrations: 'ok', webhook_worker: 'ok' } }
