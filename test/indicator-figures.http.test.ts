import { buildUser } from './helpers/activities';
import { cardElements } from './helpers/cards';
import { checkedCardOf, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

const janet = buildUser('Janet Simon');
const clerk = buildUser('Rhiannon Whiteley');
const smoke = async () => {
  const t = await startTestBot({ now: '2024-05-01T10:00:00+01:00' });
  try {
    const sent = await t.say('record CP rate for Q4 2023/24: 32 per 10,000, 141 children', janet);
    console.log(readCard(sent));
    const card = checkedCardOf(sent);
    const confirm = cardElements(card, 'Action.Submit').find((a) => a.title === 'Confirm and save')!;
    console.log(JSON.stringify(confirm.data));
    console.log(readCard(await t.submit(confirm.data as Record<string, unknown>, janet)));
    console.log(readCard(await t.say('current CP rate', clerk)));
    console.log(JSON.stringify(storedData(t).audit.at(-1)));
    console.log(readCard(await t.say('record a figure', clerk)));
  } finally {
    await t.stop();
  }
};
test('smoke', smoke);
