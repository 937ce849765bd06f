// Renders build/icon.svg into the PNGs electron-builder packs: icon.png (1024 px; macOS .icns and
// Windows .ico are derived from it at packaging time) and icons/<n>x<n>.png for Linux desktops.
// Drawn by Debian's Chromium through Playwright (both already here; no ImageMagick needed).
// The PNGs are committed, so packaging itself does not need this script.
import { chromium } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const svg = readFileSync(path.join(here, 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  const page = await browser.newPage();
  const render = async (size, out) => {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`,
    );
    writeFileSync(
      out,
      await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }),
    );
  };
  await render(1024, path.join(here, 'icon.png'));
  mkdirSync(path.join(here, 'icons'), { recursive: true });
  for (const size of [16, 32, 48, 64, 128, 256, 512])
    await render(size, path.join(here, 'icons', `${size}x${size}.png`));
} finally {
  await browser.close();
}
console.log('icons written to build/');
