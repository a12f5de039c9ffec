import { defineFeature } from '../definition';
import { staleButton } from './answer';
import { fullText } from './fullText';
import { listMore } from './listMore';

/** Buttons every list card shares: "show more" and "full text". */
export const listsFeature = defineFeature({
  name: 'lists',
  questions: [],
  submits: [
    {
      verb: 'list.more',
      templates: ['apologies-list', 'declarations-list', 'minutes-text', 'agenda', 'membership', 'work-programme'],
      handler: async (ctx, data) => (await listMore(ctx, data)) ?? staleButton(),
    },
    { verb: 'text.full', templates: ['full-text'], handler: (ctx, data) => fullText(ctx, data) },
  ],
});
