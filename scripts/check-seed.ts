/** `npm run check:seed`: validates data/ against the store schema and reports counts. */
import { loadSeed } from '../bot/store/seed';

const seed = loadSeed();
for (const [kind, value] of Object.entries(seed)) {
  console.log(`${kind}: ${Array.isArray(value) ? value.length : 'ok'}`);
}
