// The print station in a real browser, as staff at a Work in NL point use it: Debian's chromium,
// headless, driven by playwright-core, against report_worker serve --http and a monitor_server
// started here on a fresh database. The PDFs the browser receives are read back with poppler.
// Screenshots (100% and 200% zoom) and the PDFs are left in $WERKMONITOR_BUILD_DIR/e2e/ to look at.
//
//   WERKMONITOR_BUILD_DIR=build WERKMONITOR_SOURCE_DIR=. node --test tests/e2e/print_station.test.mjs
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

const buildDir = path.resolve(process.env.WERKMONITOR_BUILD_DIR ?? 'build');
const sourceDir = path.resolve(process.env.WERKMONITOR_SOURCE_DIR ?? '.');
const outDir = path.join(buildDir, 'e2e');
const work = mkdtempSync(path.join(tmpdir(), 'werkmonitor-e2e-'));
const children = [];
const kTestTimeout = 120_000;  // each test; ctest bounds the whole run too (node 18 has no --test-timeout)
let context;  // the browser
let station;  // http://127.0.0.1:PORT

// Starts a server and resolves with the first stdout line matching `pattern` (its group 1).
function startServer(argv, pattern) {
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${argv[0]} did not start in 60 s`)), 60_000);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`${argv[0]} exited with ${code}: ${out}`)));
  });
}

// What a reader's tools see in a PDF.
function pdfText(file) { return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }); }
function pdfPageSize(file) {
  return execFileSync('pdfinfo', [file], { encoding: 'utf8' }).match(/Page size:\s+([\d.]+ x [\d.]+) pts/)[1];
}
const flat = (text) => text.replace(/\s+/g, '');

// Resolves with the PDF (bytes, headers) that the browser receives after `act` submits the form.
// The browser shows it in its own PDF viewer (inline, so its print button and dialog work): the bytes
// are taken on their way in, and the page is checked to have navigated to the document.
async function pdfAfter(page, act) {
  const isDocument = (url) => new URL(url).pathname === '/document';
  let received;
  await page.route(isDocument, async (route) => {
    const response = await route.fetch();
    received = { status: response.status(), headers: response.headers(), body: await response.body() };
    await route.fulfill({ response });
  });
  await Promise.all([page.waitForURL(isDocument, { waitUntil: 'commit', timeout: 60_000 }), act()]);
  await page.unroute(isDocument);
  assert.ok(received, 'the browser did not ask for a document');
  assert.equal(received.status, 200);
  return received;
}

before(async () => {
  mkdirSync(outDir, { recursive: true });
  const monitor = await startServer(
    [path.join(buildDir, 'monitor_service/monitor_server'), '--listen=127.0.0.1:0', `--db=${work}/monitor.db`,
      `--data=${sourceDir}/data`],
    /monitor_server: listening on (\S+)/);
  station = await startServer(
    [path.join(buildDir, 'report_worker/report_worker'), 'serve', `--server=${monitor}`, '--listen=127.0.0.1:0',
      '--http=127.0.0.1:0'],
    /print station on (http:\/\/\S+?)\/?\n/);
  // As root in a closed network: no sandbox, and none of the browser's own calls home, which
  // that network refuses.
  context = await chromium.launchPersistentContext(mkdtempSync(path.join(work, 'profile-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    acceptDownloads: false,
    timeout: 60_000,
  });
});

after(async () => {
  await context?.close();
  for (const child of children) child.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
});

test('Polish on A5, chosen with the mouse, opens as a Polish PDF', { timeout: kTestTimeout }, async () => {
  const page = await context.newPage();
  await page.goto(`${station}/?ui=nl`);
  assert.equal(await page.title(), 'Printstation — Rijksoverheid');
  await page.getByLabel('Polski').check();
  await page.getByLabel('A5').check();
  await page.screenshot({ path: path.join(outDir, 'print-station-nl.png'), fullPage: true });

  const pdf = await pdfAfter(page, () => page.getByRole('button', { name: 'Openen om af te drukken' }).click());
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.match(pdf.headers['content-disposition'], /^inline; filename="leaflet-pl-a5-\d{4}-\d{2}-\d{2}\.pdf"$/);
  // What staff see: the browser's own viewer, with its print button (given a moment to draw).
  await page.waitForTimeout(1500);
  await page.screenshot({ path: path.join(outDir, 'leaflet-pl-a5-in-the-browser.png') });
  const file = path.join(outDir, 'leaflet-pl-a5.pdf');
  writeFileSync(file, pdf.body);
  assert.equal(pdfPageSize(file), '419.528 x 595.276');  // A5
  const text = flat(pdfText(file));
  for (const polish of ['Ochrona pracowników migrujących w Holandii', 'Gdzie szukać pomocy', 'Wersja online',
    'Wydrukowano']) {
    assert.ok(text.includes(flat(polish)), `"${polish}" is not in the PDF's text`);
  }
  await page.close();
});

test('Bulgarian on A4, chosen with the keyboard alone, opens as a Bulgarian PDF', { timeout: kTestTimeout }, async () => {
  const page = await context.newPage();
  await page.goto(`${station}/?ui=en`);
  const focused = () => page.evaluate(() => {
    const e = document.activeElement;
    return { name: e?.getAttribute('name'), value: e?.getAttribute('value'), checked: e?.checked };
  });
  // Tab to the language group: the checked radio button takes the focus.
  for (let i = 0; i < 20 && (await focused()).name !== 'locale'; i++) await page.keyboard.press('Tab');
  assert.deepEqual(await focused(), { name: 'locale', value: 'nl', checked: true });
  // Arrow keys move the choice: nl, pl, ro, bg.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  assert.deepEqual(await focused(), { name: 'locale', value: 'bg', checked: true });
  // On to the button that opens the document, and Enter.
  for (let i = 0; i < 20 && (await focused()).value !== 'open'; i++) await page.keyboard.press('Tab');
  assert.equal((await focused()).value, 'open');
  await page.screenshot({ path: path.join(outDir, 'print-station-en-keyboard.png'), fullPage: true });

  const pdf = await pdfAfter(page, () => page.keyboard.press('Enter'));
  assert.match(pdf.headers['content-disposition'], /^inline; filename="leaflet-bg-a4-/);
  const file = path.join(outDir, 'leaflet-bg-a4.pdf');
  writeFileSync(file, pdf.body);
  assert.equal(pdfPageSize(file), '595.276 x 841.89');  // A4
  const text = flat(pdfText(file));
  for (const bulgarian of ['Защита на трудовите мигранти в Нидерландия', 'Къде можете да получите помощ',
    'Онлайн версия', 'Отпечатано на']) {
    assert.ok(text.includes(flat(bulgarian)), `"${bulgarian}" is not in the PDF's text`);
  }
  await page.close();
});

test('the page reflows at 200% zoom and every control has a label', { timeout: kTestTimeout }, async () => {
  const page = await context.newPage();
  // 200% zoom in a 1280 px window lays the page out in 640 CSS pixels.
  await page.setViewportSize({ width: 640, height: 900 });
  await page.goto(`${station}/?ui=bg`);
  assert.equal(await page.getAttribute('html', 'lang'), 'bg');
  assert.equal(await page.getAttribute('label[for=locale-ro]', 'lang'), 'ro');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at 200% zoom`);
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden])')]
    .filter((input) => input.labels.length === 0).map((input) => input.id));
  assert.deepEqual(unlabelled, []);
  await page.screenshot({ path: path.join(outDir, 'print-station-bg-200.png'), fullPage: true });
  await page.close();
});

test('a bad request shows a page that says what was wrong, in the page language', { timeout: kTestTimeout }, async () => {
  const page = await context.newPage();
  const response = await page.goto(`${station}/document?ui=ro&kind=leaflet&locale=fr&paper=A3`);
  assert.equal(response.status(), 400);
  assert.equal(await page.textContent('h1'), 'Ceva din cerere nu este corect');
  assert.deepEqual(await page.locator('.problems li').allTextContents(), [
    'Limba documentului (locale): „fr” nu este o opțiune validă; alegeți dintre: nl, pl, ro, bg, hu, lt, en',
    'Formatul hârtiei (paper): „A3” nu este o opțiune validă; alegeți dintre: A4, A5',
  ]);
  await page.screenshot({ path: path.join(outDir, 'print-station-ro-400.png'), fullPage: true });
  await page.getByRole('link', { name: 'Înapoi la stația de imprimare' }).click();
  assert.equal(await page.textContent('h1'), 'Stație de imprimare');
  await page.close();
});
