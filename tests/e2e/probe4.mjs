import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const p = await b.newPage();
p.on('console', m => { if (m.type() === 'error') console.log('console', m.text().slice(0,300), 'on', p.url()); });
p.on('pageerror', e => console.log('pageerror', e.message.slice(0,300), 'on', p.url()));
const base = process.argv[2];
await p.goto(base + '/login');
await p.fill('#email', 'established@demo.example'); await p.fill('#password', 'portal-demo');
await p.click('[data-testid=login-submit]');
await p.waitForURL('**/board');
const nav = p.getByRole('navigation', { name: 'Main' });
for (const l of process.argv.slice(3)) {
  if (l.startsWith('/')) { await p.evaluate((path) => { history.pushState(null, '', path); dispatchEvent(new PopStateEvent('popstate', { state: null })); }, l); }
  else await nav.getByRole('link', { name: l }).click();
  await p.waitForTimeout(1200);
  console.log(l, '->', p.url(), await p.evaluate(() => document.querySelector('main h1')?.textContent));
}
await b.close();
