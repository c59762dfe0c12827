import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

const page = await solifyn.checkout.list({ status: 'open', limit: 10 });

for (const session of page.data) {
  console.log(session.session_id, session.total, session.currency);
}
