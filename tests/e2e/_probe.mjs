import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 412, height: 823 } });
await p.addInitScript(() => {
  window.__lcp = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lcp.push({ t: Math.round(e.startTime), size: e.size, el: e.element ? (e.element.tagName + '.' + e.element.className + ' in#boot=' + !!e.element.closest('#boot')) : null, text: e.element?.textContent?.slice(0,40) }); }).observe({ type: 'largest-contentful-paint', buffered: true });
});
const cdp = await p.context().newCDPSession(p);
await cdp.send('Network.enable');
await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6*1024*1024/8, uploadThroughput: 750*1024/8 });
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
await p.addInitScript(() => { new PerformanceObserver((l) => { for (const e of l.getEntries()) (window.__paint ||= []).push(e.name + ' ' + Math.round(e.startTime)); }).observe({ type: 'paint', buffered: true }); });
await p.addInitScript(() => { new MutationObserver(() => { if (!window.__gone && document.readyState !== 'loading' && !document.getElementById('boot')) window.__gone = Math.round(performance.now()); }).observe(document, { childList: true, subtree: true }); });
await p.goto(process.argv[2]);
await p.waitForTimeout(8000); console.log(await p.evaluate(() => window.__paint), 'app at', await p.evaluate(() => window.__gone), 'boot now', await p.evaluate(() => !!document.getElementById('boot')));

await b.close();
