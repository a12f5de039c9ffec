import { cardBytes, renderCard } from '../bot/cards/render';
import { helpView } from '../bot/features/catalogue';
import { cardProblems } from './helpers/validateCard';

/** Every template, expanded with realistic data, must be a valid 1.5 card Teams can render. */
describe('card templates', () => {
  test('When the welcome card is rendered, then it is a valid Adaptive Card 1.5 with a fallback', () => {
    const { card } = renderCard('welcome', helpView({ welcome: true, councilName: 'Thurrock Council' }));
    expect(cardProblems(card)).toEqual([]);
  });

  test('When stored text holds template or Teams function syntax, then it is shown literally, not evaluated', () => {
    const view = helpView({ welcome: false, councilName: '${$root} {{DATE(2017-02-14T06:08:39Z, SHORT)}}' });
    const { card } = renderCard('welcome', view);
    const json = JSON.stringify(card);
    expect(json).not.toContain('${');
    expect(json).not.toContain('{{');
    // The characters are all still there for the reader, with an invisible joiner between.
    expect(json.replace(/\u2060/g, '')).toContain('${$root} {{DATE(2017-02-14T06:08:39Z, SHORT)}}');
    expect(cardProblems(card)).toEqual([]);
  });

  test('When a card has a problem, then the validator reports it', () => {
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.6', body: [{ type: 'TextBlock' }] }).length).toBeGreaterThan(0);
  });
});

describe('rendering the same view again', () => {
  test('When a view is rendered twice, then both renders are the same card, which nothing can change', () => {
    const view = helpView({ welcome: true, councilName: 'Thurrock Council' });
    const first = renderCard('welcome', view).card;
    const copy = JSON.parse(JSON.stringify(first)) as unknown;
    expect(renderCard('welcome', view).card).toEqual(first);
    expect(() => {
      (first.body as unknown[]).length = 0;
    }).toThrow(TypeError);
    expect(() => {
      (first.body as Record<string, unknown>[])[0]!.text = 'changed';
    }).toThrow(TypeError);
    expect(renderCard('welcome', view).card).toEqual(copy);
  });

  test('When a card breaks a rule, then every render of it is refused, not only the first', () => {
    const view = { ...helpView({ welcome: true, councilName: 'Thurrock Council' }), summary: '' };
    expect(() => renderCard('welcome', view)).toThrow(/fallbackText/);
    expect(() => renderCard('welcome', view)).toThrow(/fallbackText/);
  });

  test('When the view changes, then the card shows the new view, not a kept one', () => {
    const before = JSON.stringify(renderCard('welcome', helpView({ welcome: true, councilName: 'Thurrock Council' })).card);
    const after = JSON.stringify(renderCard('welcome', helpView({ welcome: true, councilName: 'Essex County Council' })).card);
    expect(before).toContain('Thurrock Council');
    expect(after).toContain('Essex County Council');
    expect(after).not.toContain('Thurrock');
  });

  test('When views of one template take turns, then each render shows its own view', () => {
    const thurrock = () => helpView({ welcome: true, councilName: 'Thurrock Council' });
    const essex = () => helpView({ welcome: true, councilName: 'Essex County Council' });
    for (const [view, council] of [
      [thurrock(), 'Thurrock Council'],
      [essex(), 'Essex County Council'],
      [thurrock(), 'Thurrock Council'],
      [thurrock(), 'Thurrock Council'],
      [essex(), 'Essex County Council'],
    ] as const) {
      const shown = JSON.stringify(renderCard('welcome', view).card);
      expect(shown).toContain(council);
      expect(shown).not.toContain(council === 'Thurrock Council' ? 'Essex' : 'Thurrock');
    }
  });

  test('When a view differs from the last one only deep inside a list, then the card shows the difference', () => {
    const view = () => helpView({ welcome: false, councilName: 'Thurrock Council' });
    const first = view();
    expect(JSON.stringify(renderCard('welcome', first).card)).toContain('When is the next meeting?');
    const changed = view();
    changed.examples = changed.examples.map((e, i) => (i === 0 ? { ...e, text: 'When does the committee meet next?' } : e));
    const shown = JSON.stringify(renderCard('welcome', changed).card);
    expect(shown).toContain('When does the committee meet next?');
    expect(shown).not.toContain('When is the next meeting?');
    // A view changed after it was rendered, and rendered again, shows the change; the view as it was still renders as it did.
    changed.examples[0]!.text = 'When is the committee next meeting?';
    expect(JSON.stringify(renderCard('welcome', changed).card)).toContain('When is the committee next meeting?');
    expect(JSON.stringify(renderCard('welcome', view()).card)).toContain('When is the next meeting?');
  });

  test('When a view is measured and then rendered, then the card is the one measured; changed in between, the card shows the change', () => {
    const view = helpView({ welcome: true, councilName: 'Thurrock Council' });
    const bytes = cardBytes('welcome', view);
    expect(Buffer.byteLength(JSON.stringify(renderCard('welcome', view).card), 'utf8')).toBe(bytes);

    const changed = helpView({ welcome: true, councilName: 'Thurrock Council' });
    cardBytes('welcome', changed);
    changed.summary = 'Welcome to the Essex County Council assistant';
    const rendered = renderCard('welcome', changed).card;
    expect(rendered.fallbackText).toBe('Welcome to the Essex County Council assistant');
  });
});
