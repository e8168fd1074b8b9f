// `cargo xtask bench` runs this against the release build it started (BASE_URL): Lighthouse
// (LIGHTHOUSE, the CLI xtask installed; Debian's Chromium; the mobile preset with its default
// throttling) on the login page and on the board of the demo's established partner. Prints the
// figures; asserts nothing. Each page is audited twice: with Lighthouse's default simulated
// throttling (an estimate computed from an unthrottled load) and with the same throttling applied
// to the browser while it loads (`devtools`: slower to run, but what a throttled tablet sees).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const base = process.env.BASE_URL;
const lighthouse = process.env.LIGHTHOUSE;

async function sessionCookie() {
  const res = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'partner-portal' },
    body: JSON.stringify({ email: 'established@demo.example', password: 'portal-demo' }),
  });
  if (!res.ok) throw new Error(`logging in: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie').split(';')[0];
}

function audit(url, headers, method = 'simulate') {
  const out = path.join(os.tmpdir(), `lighthouse-${process.pid}.json`);
  const args = [
    url,
    '--quiet',
    '--only-categories=performance',
    '--output=json',
    `--throttling-method=${method}`,
    `--output-path=${out}`,
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage',
  ];
  if (headers) args.push(`--extra-headers=${JSON.stringify(headers)}`);
  execFileSync(lighthouse, args, { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out, { force: true });
  const ms = (id) => report.audits[id].numericValue;
  return {
    score: Math.round(report.categories.performance.score * 100),
    fcp: ms('first-contentful-paint'),
    lcp: ms('largest-contentful-paint'),
    tbt: ms('total-blocking-time'),
    cls: ms('cumulative-layout-shift'),
    bytes: ms('total-byte-weight'),
  };
}

function print(name, r) {
  console.log(
    `${name.padEnd(34)} performance ${String(r.score).padStart(3)}  FCP ${(r.fcp / 1000).toFixed(2)} s  ` +
      `LCP ${(r.lcp / 1000).toFixed(2)} s  TBT ${Math.round(r.tbt)} ms  CLS ${r.cls.toFixed(3)}  ` +
      `transferred ${Math.round(r.bytes / 1024)} KB`,
  );
}

console.log('Lighthouse 12, mobile preset (4x CPU slowdown, slow 4G), Debian Chromium:');
console.log('  targets: performance >= 95, LCP < 1.5 s, TBT < 100 ms, CLS < 0.02');
const cookie = { Cookie: await sessionCookie() };
for (const method of ['simulate', 'devtools']) {
  console.log(method === 'simulate' ? ' simulated throttling (the default):' : ' applied throttling (devtools):');
  print('  login page', audit(`${base}/login`, undefined, method));
  print('  board (established partner)', audit(`${base}/board`, cookie, method));
}
