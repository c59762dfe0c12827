import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

const event = await solifyn.events.redeliver('evt_Gh7Jd2Ls9Pq4Wn');

console.log(event.deliveries); // queued again
