import { ConfigError, loadConfig } from './config.js';
import { startBot } from './runtime.js';

/** `npm run bot`: the bot alone (production, or local without the Playground). */
try {
  const runtime = await startBot(loadConfig());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void runtime.stop().then(() => process.exit(0)));
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}
