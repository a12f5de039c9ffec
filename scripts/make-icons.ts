/** `npm run icons`: redraws appPackage/color.png and appPackage/outline.png (see scripts/icons.ts). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { drawColorIcon, drawOutlineIcon, encodePng } from './icons';
import { APP_PACKAGE_DIR } from './app-package';

for (const [file, png] of [
  ['color.png', drawColorIcon()],
  ['outline.png', drawOutlineIcon()],
] as const) {
  const target = path.join(APP_PACKAGE_DIR, file);
  writeFileSync(target, encodePng(png));
  console.log(`wrote ${path.relative(process.cwd(), target)} (${png.width}×${png.height})`);
}
