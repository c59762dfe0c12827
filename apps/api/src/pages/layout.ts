import { createHash } from 'node:crypto';
import { html, raw } from 'hono/html';
import type { Mode } from '../domain/scope';

export type Html = ReturnType<typeof html>;

const css = `
:root{--ink:#1a1f36;--muted:#5b6478;--line:#e3e8ef;--bg:#f5f7fb;--card:#fff;--brand:#4f46e5;--brand-dark:#4338ca;
--error:#b42318;--error-bg:#fef3f2;--ok:#067647;--ok-bg:#ecfdf3;--warn:#93370d;--warn-bg:#fffaeb;--radius:14px}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--brand)}
.topbar{max-width:960px;margin:0 auto;padding:20px 20px 0;display:flex;align-items:center;gap:10px;font-weight:600}
.logo{display:inline-flex;width:28px;height:28px;border-radius:8px;background:var(--brand);color:#fff;align-items:center;justify-content:center;font-size:15px}
.badge{margin-left:auto;font-size:12px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;padding:3px 10px;border-radius:999px;background:var(--warn-bg);color:var(--warn);border:1px solid #fedf89}
main{max-width:960px;margin:0 auto;padding:20px}
.grid{display:grid;gap:24px;grid-template-columns:1fr}
@media (min-width:820px){.grid{grid-template-columns:5fr 6fr;align-items:start}.summary{position:sticky;top:20px}}
.card{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);box-shadow:0 1px 2px rgba(16,24,40,.04),0 8px 24px rgba(16,24,40,.06);padding:28px}
.narrow{max-width:560px;margin:24px auto}
h1{font-size:24px;line-height:1.25;margin:0 0 6px}
h2{font-size:17px;margin:0 0 14px}
.description{color:var(--muted);margin:0 0 20px;white-space:pre-line}
.price{font-size:30px;font-weight:700;letter-spacing:-.01em;margin:0 0 4px}
.hint{color:var(--muted);font-size:14px;margin:4px 0 0}
dl.totals{display:grid;grid-template-columns:1fr auto;gap:8px 0;margin:20px 0 0;padding-top:16px;border-top:1px solid var(--line)}
dl.totals dt{color:var(--muted)}dl.totals dd{margin:0;padding-left:16px;text-align:right;font-variant-numeric:tabular-nums}
dl.totals .grand{color:var(--ink);font-weight:700;font-size:18px;padding-top:8px;border-top:1px solid var(--line)}
.fields-list{margin:20px 0 0;padding-top:16px;border-top:1px solid var(--line)}
.fields-list dl{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:6px 12px;margin:0;font-size:14px}
.fields-list dt{color:var(--muted);overflow-wrap:anywhere}.fields-list dd{margin:0;overflow-wrap:anywhere}
fieldset{border:0;margin:0 0 20px;padding:0;min-width:0}
legend{font-weight:600;font-size:17px;margin:0 0 12px;padding:0}
.field{margin:0 0 14px}
.row{display:grid;grid-template-columns:1fr 1fr;gap:12px}
@media (max-width:480px){.row{grid-template-columns:1fr;gap:0}}
label{display:block;font-size:14px;font-weight:600;margin:0 0 6px}
.optional{font-weight:400;color:var(--muted)}
input{width:100%;font:inherit;color:inherit;padding:11px 12px;border:1px solid #cfd6e1;border-radius:10px;background:#fff;transition:border-color .15s,box-shadow .15s}
input:focus{outline:none;border-color:var(--brand);box-shadow:0 0 0 3px rgba(79,70,229,.2)}
input[aria-invalid=true]{border-color:var(--error)}
input[aria-invalid=true]:focus{box-shadow:0 0 0 3px rgba(180,35,24,.18)}
.error{color:var(--error);font-size:14px;margin:6px 0 0}
.help{color:var(--muted);font-size:13px;margin:6px 0 0}
.alert{border-radius:10px;padding:12px 14px;margin:0 0 18px;font-size:15px}
.alert-error{background:var(--error-bg);color:var(--error);border:1px solid #fecdca}
.alert-ok{background:var(--ok-bg);color:var(--ok);border:1px solid #abefc6}
.alert-info{background:var(--warn-bg);color:var(--warn);border:1px solid #fedf89}
button{width:100%;font:inherit;font-weight:600;font-size:17px;color:#fff;background:var(--brand);border:0;border-radius:10px;padding:14px 16px;cursor:pointer}
button:hover{background:var(--brand-dark)}
button:focus-visible{outline:3px solid rgba(79,70,229,.45);outline-offset:2px}
.secure{display:flex;justify-content:center;align-items:flex-start;gap:6px;color:var(--muted);font-size:13px;margin:12px 0 0}
.secure svg{flex:none;margin-top:2px}
.test-cards{font-size:13px;color:var(--muted);margin:0 0 18px;padding:10px 12px;border:1px dashed #cfd6e1;border-radius:10px}
.test-cards code{font-size:13px;color:var(--ink)}
.status-icon{width:48px;height:48px;border-radius:50%;display:flex;align-items:center;justify-content:center;font-size:24px;margin:0 0 16px}
.status-ok{background:var(--ok-bg);color:var(--ok)}.status-muted{background:#eef2f6;color:var(--muted)}
.back{max-width:960px;margin:0 auto 12px;font-size:14px}.back a{color:var(--muted);text-decoration:none}
.button-link{display:inline-block;margin-top:20px;padding:12px 18px;border-radius:10px;background:var(--brand);color:#fff;text-decoration:none;font-weight:600}
footer{max-width:960px;margin:0 auto;padding:8px 20px 32px;color:var(--muted);font-size:13px;text-align:center}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);border:0}
`.trim();

// Constant and ours, so it goes in unescaped (raw) and is allowed by hash rather than 'unsafe-inline'.
const cssHash = `sha256-${createHash('sha256').update(css).digest('base64')}`;

/**
 * Headers for every hosted page. The only inline resource is the stylesheet above, allowed by its hash; no script runs.
 * `formOrigin` is the product's redirect_url origin: Chromium applies form-action to the redirect that follows a
 * form POST, so a successful payment could not reach the merchant without it.
 */
export function pageSecurityHeaders(formOrigin?: string): Record<string, string> {
  const formAction = ["'self'", ...(formOrigin ? [formOrigin] : [])].join(' ');
  return {
    'Content-Security-Policy': [
      "default-src 'none'",
      `style-src '${cssHash}'`,
      "img-src 'self' data:",
      `form-action ${formAction}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}

export function layout(page: { title: string; mode?: Mode; body: Html }): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${page.title} · Solifyn Checkout</title>
<style>${raw(css)}</style>
</head>
<body>
<header class="topbar"><span class="logo" aria-hidden="true">S</span><span>Solifyn Checkout</span>${
    page.mode === 'test' ? html`<span class="badge">Test mode</span>` : ''
  }</header>
<main>
${page.body}
</main>
<footer>Payments processed by Solifyn. This page never stores your card number.</footer>
</body>
</html>`;
}
