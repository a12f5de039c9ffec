import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FixedClock } from '../bot/clock';
import { padWithArchivedActions } from './helpers/builders';
import { journalNameFor } from '../bot/store/journal';
import { loadSeed } from '../bot/store/seed';
import { Store, storeFromSeed } from '../bot/store/store';
import { buildUser } from './helpers/activities';
import { startTestBot } from './helpers/testBot';

/**
 * The store writes each change as a journal line built from the change's audit entries.
 * This drives every kind of change the bot makes, through the real server, on a large store
 * (written compactly, like a council's), then recovers a copy of the files taken while the bot is still running
 * (as SIGKILL would leave them) and checks it equals what the bot holds in memory. A change a
 * capability made without auditing the record it changed would show up here as a difference.
 */
const NOW = '2023-09-05T09:00:00+01:00';
const SEPT = 'childrens-os-2023-09-12';
const NOV = 'childrens-os-2023-11-16';
const CHANNEL = 'childrens-os';
const councillor = buildUser('Qaisar Abbas');
const colleague = buildUser('Maureen Pearce');
const clerk = buildUser('Rhiannon Whiteley');

function largeStore(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'journal-')), 'store.json');
  const data = storeFromSeed(loadSeed());
  padWithArchivedActions(data, 640 * 1024);
  writeFileSync(file, JSON.stringify(data));
  return file;
}

test('When every kind of change is made on a large store and the files are copied mid-run, then recovering the copy gives exactly what the bot holds', async () => {
  const storePath = largeStore();
  const t = await startTestBot({ now: NOW, storePath });
  try {
    const fileAtStart = readFileSync(storePath);
    // People and conversations
    await t.say('hello', councillor);
    await t.say('hello', colleague);
    await t.say('hello', clerk);
    await t.say("link this channel to the children's services O&S", clerk, 'channel', CHANNEL);
    // Apologies: sent, updated, withdrawn, sent again, on behalf
    await t.submit({ verb: 'apologies.submit', meetingId: SEPT }, councillor);
    await t.submit({ verb: 'apologies.submit', meetingId: SEPT, reason: 'On leave', substituteId: 'aaron-green' }, councillor);
    await t.say('withdraw my apologies', councillor);
    await t.say('send my apologies for the next meeting', councillor);
    await t.submit({ verb: 'apologies.submit', meetingId: NOV, onBehalfOf: 'maureen-pearce', reason: 'Phoned in' }, clerk);
    // Declarations: made, updated
    await t.submit({ verb: 'declaration.submit', meetingId: SEPT, itemNumber: '8', kind: 'disclosable-pecuniary', nature: 'My wife works for the provider', onRegister: 'false' }, councillor);
    await t.submit({ verb: 'declaration.submit', meetingId: SEPT, itemNumber: '8', kind: 'other-registrable', nature: 'My wife works for the provider', onRegister: 'true' }, councillor);
    // Meetings
    await t.say('add meeting on 14 March 2024 at 7pm in Committee Room 2', clerk);
    await t.say('move the 16 November meeting to 23 November at 6.30pm', clerk);
    await t.say('publish agenda for 23 November', clerk);
    await t.say('add agenda item 5 Ofsted focused visit lead officer Janet Simon for 23 November', clerk);
    await t.say('cancel the meeting on 14 March 2024 because there is no business', clerk);
    // Reminders: schedules, and a reminder posted now
    await t.say('remind members 7 days before each meeting at 9am', clerk);
    await t.say('remind members 7 days and 1 day before each meeting at 9am', clerk);
    await t.say('post agenda reminder and members', clerk);
    // The schedule made above is due now (7 days before 12 September, at 9am): its reminders go
    // out in the background. Wait for them, then for the writes.
    await t.bot.scheduler.tick();
    await t.bot.store.flush();

    const kinds = new Set(t.bot.store.read((d) => d.audit.map((a) => a.kind)));
    for (const kind of ['person.linked', 'conversation.added', 'conversation.linked', 'apology.sent', 'apology.updated', 'apology.withdrawn', 'apology.resent', 'declaration.updated', 'meeting.added', 'meeting.moved', 'meeting.cancelled', 'meeting.agendaPublished', 'meeting.itemAdded', 'reminderSchedule.created', 'reminderSchedule.replaced', 'reminder.started', 'reminder.finished']) {
      expect({ kind, made: kinds.has(kind) }).toEqual({ kind, made: true });
    }
    // The changes went to the journal: the store file itself was not rewritten.
    expect(readFileSync(storePath).equals(fileAtStart)).toBe(true);
    const journalLines = readFileSync(journalNameFor(storePath), 'utf8').trim().split('\n').length;
    expect(journalLines).toBeGreaterThan(20);

    // The files as SIGKILL would leave them, recovered by the same code the bot starts with.
    const copy = path.join(mkdtempSync(path.join(tmpdir(), 'journal-copy-')), 'store.json');
    mkdirSync(path.dirname(copy), { recursive: true });
    copyFileSync(storePath, copy);
    copyFileSync(journalNameFor(storePath), journalNameFor(copy));
    // What the bot holds at the moment of the copy (nothing can change it in between: no await).
    const live = JSON.parse(JSON.stringify(t.bot.store.read((d) => d)));
    const recovered = await Store.open(copy, { seed: loadSeed, clock: new FixedClock(new Date(NOW)) });
    try {
      const back = JSON.parse(JSON.stringify(recovered.read((d) => d)));
      for (const key of Object.keys(live)) expect({ key, value: back[key] }).toEqual({ key, value: live[key] });
    } finally {
      await recovered.close();
    }
  } finally {
    await t.stop();
  }
});
