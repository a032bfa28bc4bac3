import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { RosterDirectory } from '../graph/roster-directory.js';
import { DeliverySweep } from '../jobs/delivery-sweep.js';
import { loadProfile } from '../workflow/policy/profiles.js';
import type { Clock, Directory } from '../workflow/ports.js';
import { createApp } from './app.js';
import { CardSigner } from './card-signing.js';
import type { Config } from './config.js';
import { startHttpServer } from './http-server.js';
import { consoleLog, type Log } from './log.js';
import type { Services } from './services.js';
import { openStore, type Store } from './store.js';
import { TeamsMessenger } from './teams-messenger.js';

export interface Runtime {
  readonly port: number;
  readonly services: Services;
  readonly sweep: DeliverySweep;
  readonly store: Store;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  readonly log?: Log;
  readonly clock?: Clock;
  readonly directory?: Directory;
  /** Tests drive delivery themselves with `sweep.runOnce()`. */
  readonly startSweep?: boolean;
}

const systemClock: Clock = { now: () => new Date() };

/** The composition root: storage, directory, the teams-ai app, the HTTP endpoint and the delivery job. */
export async function startBot(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const log = options.log ?? consoleLog();
  const store = await openStore(config, log);
  const adapter = new TeamsAdapter(
    config.bot.appId
      ? {
          MicrosoftAppId: config.bot.appId,
          MicrosoftAppPassword: config.bot.appPassword,
          MicrosoftAppType: config.bot.appType,
          MicrosoftAppTenantId: config.bot.appTenantId,
        }
      : {},
  );
  const clock = options.clock ?? systemClock;
  let sweep: DeliverySweep | undefined;
  const services: Services = {
    tenantId: config.tenantId,
    profile: loadProfile(config.profileId),
    audits: store.audits,
    conversations: store.conversations,
    cycles: store.cycles,
    directory: options.directory ?? RosterDirectory.fromFile(config.tenantId, config.rosterPath),
    clock,
    ids: { next: () => randomUUID() },
    signer: new CardSigner(config.cardSigningKey),
    log,
    uploadHosts: config.uploadHosts,
    kickDelivery: () => sweep?.kick(),
  };
  sweep = new DeliverySweep(
    { audits: store.audits, conversations: store.conversations, messenger: new TeamsMessenger(adapter, config.bot.appId, services), clock },
    config.tenantId,
    config.deliveryIntervalMs,
    log,
  );
  const app = createApp(adapter, services);
  const server: Server = await startHttpServer(config.port, adapter, (context) => app.run(context).then(() => undefined), log, config.host);
  if (options.startSweep !== false) sweep.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info('bot-started', { port, mode: config.mode, profile: config.profileId, store: store.description });

  return {
    port,
    services,
    sweep,
    store,
    async stop() {
      await sweep!.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await store.close();
    },
  };
}
