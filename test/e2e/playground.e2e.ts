import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { DEMO_NOW, startPlayground, type RunningPlayground } from '../../scripts/playground-runner';
import { ROOT } from '../../scripts/app-package';
import { storeOnDisk } from '../helpers/storeOnDisk';

/**
 * A councillor in a real browser: the built bot and the Microsoft 365 Agents Playground, with the
 * clock pinned to Tuesday 5 September 2023. Qaisar Abbas (the playground's current user, a member
 * of the committee) asks for the next meeting in Personal Chat, sees the meeting card rendered,
 * and sends apologies through the card's form. Screenshots go to test/artifacts/e2e/.
 */
const ARTIFACTS = path.join(ROOT, 'test', 'artifacts', 'e2e');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Bound on each wait for the page, the bot or a card. */
const WAIT_MS = 30_000;
const SEPT = 'childrens-os-2023-09-12';

/** Card text as read on screen, without the invisible word joiners the bot puts in dates. */
const readable = async (card: Locator) => (await card.innerText()).replace(/\u2060/g, '').replace(/\u00a0/g, ' ');

let playground: RunningPlayground;
let browser: Browser;
let page: Page;
let storePath: string;

beforeAll(async () => {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  if (!existsSync(CHROMIUM))
    throw new Error(`no browser at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH (see DEVELOPERS.md)`);
  storePath = path.join(mkdtempSync(path.join(tmpdir(), 'committee-e2e-')), 'store.json');
  playground = await startPlayground({
    storePath,
    now: DEMO_NOW,
    logDir: ARTIFACTS,
    logTo: 'files',
    logLevel: 'debug',
    timeoutMs: WAIT_MS,
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: WAIT_MS,
    // --no-sandbox: chromium refuses its sandbox as root (CI); --disable-dev-shm-usage: small /dev/shm in containers.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
  page.setDefaultTimeout(WAIT_MS);
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await playground?.stop();
});

/** The page as the user sees it, and the card on its own (whole, however long). */
async function shoot(name: string, card?: Locator): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
  if (card) await card.screenshot({ path: path.join(ARTIFACTS, `${name}.card.png`) });
}

/** Runs `action`, then waits for the bot's next card to render and returns it. */
async function nextCard(action: () => Promise<void>): Promise<Locator> {
  const cards = page.locator('.ac-adaptiveCard');
  const before = await cards.count();
  await action();
  const deadline = Date.now() + WAIT_MS;
  while ((await cards.count()) <= before) {
    if (Date.now() > deadline) throw new Error(`no new Adaptive Card rendered within ${WAIT_MS} ms (still ${before})`);
    await page.waitForTimeout(200);
  }
  const card = cards.nth(before);
  await card.waitFor({ state: 'visible' });
  return card;
}

test('When a councillor asks for the next meeting in Personal Chat, then the meeting card renders and apologies can be sent from it', async () => {
  try {
    await page.goto(`${playground.playgroundUrl}/`, { waitUntil: 'load' });
    await page.getByRole('treeitem', { name: /Personal Chat/ }).click();
    // The playground installs the app on load; the bot greets with its welcome card.
    await page.locator('.ac-adaptiveCard').filter({ hasText: 'Welcome to Committee Assistant' }).first().waitFor({ state: 'visible' });

    const editor = page.locator('[data-lexical-editor=true]');
    const meeting = await nextCard(async () => {
      await editor.click();
      await page.keyboard.type('when is the next meeting');
      await page.getByRole('button', { name: 'Send Message' }).click();
    });
    const meetingText = await readable(meeting);
    await shoot('01-meeting-card', meeting);
    expect(meetingText).toMatch(/Tuesday 12 September 2023, 7\.00 pm/);
    expect(meetingText).toMatch(/Committee Room 2/);
    expect(meetingText).toMatch(/in 7 days/);

    const form = await nextCard(() => meeting.getByRole('button', { name: 'Send apologies' }).click());
    const formText = await readable(form);
    await shoot('02-apology-form', form);
    expect(formText).toMatch(/Tuesday 12 September 2023/);
    await form.locator('textarea').fill('Family commitment');
    // Teams' compact choice set is a Fluent combobox; its options open in a list on the page.
    await form.getByRole('combobox').click();
    await page.getByRole('option', { name: 'Councillor Cici Manwa' }).click();
    await shoot('03-apology-form-filled', form);

    const confirmation = await nextCard(() => form.getByRole('button', { name: 'Send apologies' }).click());
    const confirmationText = await readable(confirmation);
    await shoot('04-apologies-sent', confirmation);
    expect(confirmationText).toMatch(/Apologies sent/);
    expect(confirmationText).toMatch(/Tuesday 12 September 2023, 7\.00 pm/);
    expect(confirmationText).toMatch(/Family commitment/);
    expect(confirmationText).toMatch(/Cici Manwa/);

    // The statutory record is on disk, as the councillor the playground signed in.
    const stored = storeOnDisk(storePath);
    expect(stored.apologies).toHaveLength(1);
    expect(stored.apologies[0]).toMatchObject({
      meetingId: SEPT,
      personId: 'qaisar-abbas',
      status: 'sent',
      reason: 'Family commitment',
      substituteId: 'cici-manwa',
    });
    // Recognised by the object id the playground linked as people:import does, never by display name.
    const qaisar = stored.people.find((p) => p.id === 'qaisar-abbas')!;
    expect(
      stored.audit.find((a) => a.kind === 'person.linked' && a.recordId === 'qaisar-abbas' && a.actor.name === 'people:import'),
    ).toMatchObject({ after: { aadObjectId: qaisar.aadObjectId } });
    expect(stored.audit.filter((a) => (a.after as { matchedBy?: string } | undefined)?.matchedBy === 'name')).toEqual([]);
  } catch (err) {
    await shoot('failure').catch(() => undefined);
    throw err;
  }
});
