// No API key needed: a liveness probe (never calls the database)
const res = await fetch('https://api.solifyn.com/livez');

console.log(res.status, await res.json()); // 200 { status: 'ok' }
