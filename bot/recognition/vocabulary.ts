import { nameTable, type NameSource, type RecognitionNames } from './memo';
import { STOPWORDS } from './fuzzy';
import { ENTITY_PATTERNS } from './entities';
import type { IntentRow } from './intents';
import { phraseWords } from './normalise';

/**
 * The words the spelling corrector knows. A word in here is never "corrected"; a word outside it
 * may be replaced by the nearest word in here. Built from the intent table (examples and the
 * literal words of its patterns), everyday English, and the names in the store.
 */

/** Everyday words that must stay as typed (so "works" does not become "work"). */
const EVERYDAY_WORDS =
  'i me my mine myself you your he she him her his they them their we our what when where who whom ' +
  'which why how whats not no yes am was were has have had will would should could may might must ' +
  'need needs want wants wish like make made making come coming go going went attend attending ' +
  'able unable after before all also just now then than soon today tomorrow yesterday week weeks ' +
  'month months year years day days time times morning afternoon evening night tonight weekend ' +
  'monday tuesday wednesday thursday friday saturday sunday january february march april may june ' +
  'july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec ' +
  'leave holiday away ill illness sick unwell work works working worked wife husband partner son ' +
  'daughter family friend provider school governor company business trustee employed employer ' +
  'member council councillor councillors cllr officer officers report reports paper papers item ' +
  'items number numbers many much more most less least first last next previous latest recent ' +
  'new old current open closed due late overdue outstanding complete completed done still yet ' +
  'please thanks thank sorry hello hi hey good great fine ok okay sure right wrong true false ' +
  'one two three four five six seven eight nine ten people person name names list send sent ' +
  'give given cancel withdraw apology apologies agenda meeting meetings committee minutes rate ' +
  'rates plan plans review children child young care looked after need protection support ' +
  'instead cover substitute substitutes substituting behalf on because since reason reasons ' +
  'declare declared declaration declarations interest interests pecuniary personal other ' +
  'registrable disclosable non chair vice co opted clerk help about again anyone someone ' +
  'something anything nothing everything here there this that these those thing things ' +
  'happen happening happened said say says tell told ask asked know think want wanted go ' +
  'came far carer carers anything everyone everybody nobody really already since until till ' +
  'still soon later earlier instead place clash conference appointment funeral hospital ' +
  'past due deadline deadlines behind schedule missed owned owner owners assigned responsible ' +
  'was were been being get got take took put set run ran use used way back up down out off over ' +
  'under again every each both few other same own only very too well also even back around ' +
  'because while where whether though although unless yet however able about above below between ' +
  'into through during without within along among across toward against upon please sorry ' +
  'look looking see seen show shown find found keep kept give gave bring brought call called ' +
  'check checked let help need needed try tried start started stop end ended finish finished ' +
  'meet met sit sat stand stood speak spoke talk talked write wrote read note notes record ' +
  'question questions answer answers problem issue issues point points part parts case cases ' +
  'group groups team teams service services staff council councils area local public social ' +
  'health education school schools home house housing money budget cost costs pay paid ' +
  'year yearly annual quarter quarterly total average high higher low lower rise fall increase ' +
  'decrease change changed changes compare compared comparison national england thurrock ' +
  'his her hers son sons attends attend attended relative relatives brother sister mother father';

const intentWordsByTable = new WeakMap<readonly IntentRow[], ReadonlySet<string>>();

/** Words that say what the user wants: the intent table's examples and patterns, and the entity patterns. */
function intentWords(table: readonly IntentRow[]): ReadonlySet<string> {
  let found = intentWordsByTable.get(table);
  if (!found) {
    found = new Set([
      ...table.flatMap((row) => [...row.examples.flatMap(phraseWords), ...row.patterns.flatMap(patternWords)]),
      ...ENTITY_PATTERNS.flatMap(patternWords),
    ]);
    intentWordsByTable.set(table, found);
  }
  return found;
}

/** The literal words in a pattern's source ("(?:withdraw|cancel)" -> withdraw, cancel; "actions?" -> action, actions). */
function patternWords(pattern: RegExp): string[] {
  return pattern.source
    .replace(/\\[a-zA-Z]/g, ' ')
    .replace(/([a-z]+)([a-z])\?/g, '$1 $1$2')
    .split(/[^a-z]+/)
    .filter((w) => w.length >= 3);
}

/**
 * The spelling corrector's vocabularies, most important first: intent words, then everyday
 * English and the names in the store (people, committees, indicators).
 */
export function vocabulariesFor(source: NameSource, table: readonly IntentRow[]): ReadonlySet<string>[] {
  return [intentWords(table), nameTable(source, 'vocabularies', ['people', 'committees', 'indicators'], otherWords)];
}

function otherWords(data: RecognitionNames): ReadonlySet<string> {
  const other = new Set([...STOPWORDS, ...EVERYDAY_WORDS.split(' ')]);
  const addAll = (phrases: string[]) => phrases.forEach((p) => phraseWords(p).forEach((w) => other.add(w)));
  addAll(data.people.map((p) => p.name));
  data.committees.forEach((c) => addAll([c.name, ...c.aliases]));
  data.indicators.forEach((i) => addAll([i.name, ...i.aliases]));
  return other;
}
