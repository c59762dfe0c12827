// No API key needed
const res = await fetch('https://api.solifyn.com/healthz');

console.log(res.status, await res.json()); // 200 { status: 'ok', database: 'ok' }
