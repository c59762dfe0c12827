// No API key needed
const res = await fetch('https://api.solifyn.com/openapi.json');
const document = await res.json();

console.log(document.openapi, Object.keys(document.paths));
