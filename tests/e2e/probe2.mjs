import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const p = await b.newPage();
p.on('console', m => console.log('console', m.type(), m.text().slice(0,300)));
p.on('pageerror', e => console.log('pageerror', e.message.slice(0,300)));
await p.goto(process.argv[2]);
await p.waitForTimeout(3000);
console.log('boot', await p.evaluate(() => !!document.getElementById('boot')), await p.evaluate(() => document.body.innerText.slice(0,200)));
await b.close();
