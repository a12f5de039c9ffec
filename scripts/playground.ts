/**
 * `npm run playground`: the bot and the Microsoft 365 Agents Playground (a local, Teams-like web
 * client) side by side, so anyone can use the bot in a browser with no Azure or Teams account.
 *
 *   npm run playground                      you are Qaisar Abbas, a councillor on the committee
 *   npm run playground -- --as clerk        Rhiannon Whiteley (also: officer, chair, substitute,
 *                                           co-opted, councillor, or a user's full name)
 *
 * BOT_NOW pins the clock (default 2023-09-05T09:00:00+01:00, a week before a meeting in the seed;
 * BOT_NOW= for real time); STORE_PATH (default .data/playground-store.json) keeps what you record
 * between runs; PORT is the bot's port (default: a free one); TEAMSAPPTESTER_PORT the
 * playground's (default 56150); LOG_LEVEL the bot's log level here (default warn).
 * The bot always runs in local anonymous mode here. Ctrl+C stops both.
 */
import path from 'node:path';
import { ROOT } from './app-package';
import { DEMO_NOW, PLAYGROUND_CONFIG, configAs, playgroundUsers, startPlayground } from './playground-runner';

/** The seed's people in .m365agentsplayground.yml, by the role they let you try. */
const ROLES: Record<string, string> = {
  councillor: 'Qaisar Abbas',
  member: 'Qaisar Abbas',
  clerk: 'Rhiannon Whiteley',
  officer: 'Janet Simon',
  chair: 'Elizabeth Rigby',
  substitute: 'Aaron Green',
  'co-opted': 'Sarah Barlow',
};

function chosenUser(argv: string[]): string | null {
  const i = argv.indexOf('--as');
  const wanted =
    i >= 0
      ? argv
          .slice(i + 1)
          .join(' ')
          .trim()
      : (process.env.PLAYGROUND_USER ?? '').trim();
  if (!wanted) return null;
  return ROLES[wanted.toLowerCase()] ?? wanted;
}

async function main(): Promise<void> {
  const env = process.env;
  if (env.NODE_ENV === 'production') {
    process.stderr.write('npm run playground runs the bot without authentication; it will not run with NODE_ENV=production.\n');
    process.exit(1);
  }
  const buildDir = path.join(ROOT, 'build', 'playground');
  const user = chosenUser(process.argv.slice(2));
  let configPath = PLAYGROUND_CONFIG;
  try {
    if (user) configPath = configAs(user, buildDir);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n(or a role: ${Object.keys(ROLES).join(', ')})\n`);
    process.exit(1);
  }
  const now = env.BOT_NOW === undefined ? DEMO_NOW : env.BOT_NOW.trim() || null;
  const storePath = path.resolve(env.STORE_PATH?.trim() || path.join(ROOT, '.data', 'playground-store.json'));
  const me = playgroundUsers(configPath)[0]!;

  const running = await startPlayground({
    storePath,
    now,
    botPort: env.PORT ? Number(env.PORT) : 0,
    playgroundPort: env.TEAMSAPPTESTER_PORT ? Number(env.TEAMSAPPTESTER_PORT) : 56150,
    configPath,
    logDir: buildDir,
    logTo: 'inherit',
    logLevel: env.LOG_LEVEL || 'warn',
  });

  const others = playgroundUsers(configPath).slice(1).join(', ');
  console.log(`
  Committee Assistant in the Microsoft 365 Agents Playground

    Open ${running.playgroundUrl}/ in your browser.

    You are ${me}. Others to be (restart with --as): ${others}.
    Clock   ${now ? `pinned at ${now}` : 'real time'} (BOT_NOW)
    Store   ${path.relative(process.cwd(), storePath) || storePath} (STORE_PATH)
    Bot     ${running.botUrl}/api/messages (local anonymous mode)

    In Personal Chat try "when is the next meeting", "open actions", "who is on the committee",
    "help". Councillors: the meeting card's "Send apologies". Clerks: "who has sent apologies";
    in the channel Committee business type @, pick Committee Assistant, then
    "link this channel to the committee" and "post agenda reminder".
    Ctrl+C stops the bot and the playground.
`);

  let stopping = false;
  const shutdown = async (why: string, code: number) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nStopping (${why})...`);
    await running.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('Ctrl+C', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  void running.exited.then((reason) => shutdown(reason, 1));
}

main().catch((err: unknown) => {
  process.stderr.write(`npm run playground could not start: ${(err as Error).message}\n`);
  process.exit(1);
});
