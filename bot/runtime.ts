import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { createGraphCalendarFrom, createGraphClientFrom } from '../graph/graph-config.js';
import { GraphDirectory, moderatesForFromRoster, rolesFromRoster } from '../graph/graph-directory.js';
import { seedFromRoster, startLocalCalendar } from '../graph/local-calendar/index.js';
import { RosterDirectory } from '../graph/roster-directory.js';
import type { Calendar } from '../workflow/scheduling/calendar.js';
import { DeliverySweep } from '../jobs/delivery-sweep.js';
import { MeetingResponsesJob } from '../jobs/meeting-responses.js';
import { ChaseSweep } from '../jobs/chase-sweep.js';
import { nudgeHold } from '../workflow/chasing/quiet-hours.js';
import { chaseSettings } from '../workflow/chasing/chase-settings.js';
import { createAppInstallerFrom } from '../graph/graph-app-installer-config.js';
import { GraphDeliveryCheck } from '../graph/graph-delivery-check.js';
import { PacedMessenger } from './delivery/paced-messenger.js';
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
  readonly meetingResponses: MeetingResponsesJob;
  readonly chase: ChaseSweep;
  readonly store: Store;
  /** This process's id, as it holds leases. */
  readonly instanceId: string;
  /** The local Graph-compatible calendar server's base URL, when this process runs it. */
  readonly localCalendarUrl?: string;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  readonly log?: Log;
  readonly clock?: Clock;
  readonly directory?: Directory;
  /** Tests drive delivery themselves with `sweep.runOnce()`. */
  readonly startSweep?: boolean;
  /** The id this process holds leases as (default: a fresh random one). */
  readonly instanceId?: string;
}

const systemClock: Clock = { now: () => new Date() };

/**
 * People: from Microsoft Graph in production (names, e-mail, department, manager, time zone), with the QA roles
 * from the roster file, as Graph has none; locally the roster file is the whole directory.
 */
async function openDirectory(config: Config): Promise<Directory> {
  const roster = RosterDirectory.fromFile(config.tenantId, config.rosterPath);
  if (config.graph.kind !== 'graph') return roster;
  const people = await roster.all(config.tenantId);
  return new GraphDirectory(createGraphClientFrom(config.graph), {
    tenantId: config.tenantId,
    roles: rolesFromRoster(people),
    moderatesFor: moderatesForFromRoster(people),
    concurrency: config.graph.maxConcurrentPerMailbox,
  });
}

/**
 * Calendars through Microsoft Graph. Locally, the Graph-compatible calendar server runs in this process with
 * the demo people's seeded calendars (unless LOCAL_GRAPH_URL names one already running); the same client code
 * talks to it as to Graph.
 */
async function openCalendar(config: Config, directory: Directory, clock: Clock): Promise<{ calendar: Calendar; url?: string; close(): Promise<void> }> {
  const settings = config.graph;
  if (settings.kind === 'graph' || settings.url) return { calendar: createGraphCalendarFrom(settings), close: async () => undefined };
  const people = await directory.all(config.tenantId);
  const server = await startLocalCalendar({ port: settings.port, token: settings.token, data: seedFromRoster(people, { from: clock.now() }) });
  return { calendar: createGraphCalendarFrom(settings, server.url), url: server.url, close: () => server.close() };
}

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
  const directory = options.directory ?? (await openDirectory(config));
  const calendar = await openCalendar(config, directory, clock);
  let sweep: DeliverySweep | undefined;
  const services: Services = {
    tenantId: config.tenantId,
    profile: loadProfile(config.profileId),
    audits: store.audits,
    conversations: store.conversations,
    cycles: store.cycles,
    digests: store.digests,
    fanOuts: store.fanOuts,
    directory,
    calendar: calendar.calendar,
    clock,
    ids: { next: () => randomUUID() },
    signer: new CardSigner(config.cardSigningKey),
    log,
    uploadHosts: config.uploadHosts,
    kickDelivery: () => sweep?.kick(),
  };
  const instanceId = options.instanceId ?? randomUUID();
  sweep = new DeliverySweep(
    {
      audits: store.audits,
      digests: store.digests,
      fanOuts: store.fanOuts,
      conversations: store.conversations,
      // One pacer per process: only the holder of the delivery lease sends, so its pacing is the tenant's.
      messenger: new PacedMessenger(new TeamsMessenger(adapter, config.bot.appId, services)),
      clock,
      leases: store.leases,
      ...(config.quietHours
        ? { holdUntil: nudgeHold(async (id) => directory.get(config.tenantId, id), chaseSettings(services.profile).calendar) }
        : {}),
      ...(config.deliveryCheck === 'graph'
        ? { deliveryCheck: new GraphDeliveryCheck(createGraphClientFrom(config.graph, calendar.url), config.teamsAppId || 'local-qa-audits') }
        : {}),
      installer: createAppInstallerFrom(config.appInstall, () => createGraphClientFrom(config.graph, calendar.url), { tenantId: config.tenantId }),
    },
    { tenantId: config.tenantId, holder: instanceId, intervalMs: config.deliveryIntervalMs, log },
  );
  const chase = new ChaseSweep(
    { audits: store.audits, digests: store.digests, directory, clock, leases: store.leases, profile: services.profile, quietHours: config.quietHours },
    { tenantId: config.tenantId, holder: instanceId, intervalMs: config.chaseIntervalMs, log, onMessages: () => sweep?.kick() },
  );
  const meetingResponses = new MeetingResponsesJob({ audits: store.audits, calendar: calendar.calendar, clock }, config.tenantId, config.meetingPollIntervalMs, log, () => sweep?.kick());
  const app = createApp(adapter, services);
  const server: Server = await startHttpServer(config.port, adapter, (context) => app.run(context).then(() => undefined), log, config.host);
  if (options.startSweep !== false) {
    sweep.start();
    meetingResponses.start();
    chase.start();
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info('bot-started', { port, mode: config.mode, profile: config.profileId, store: store.description });

  return {
    port,
    services,
    sweep,
    meetingResponses,
    chase,
    store,
    instanceId,
    ...(calendar.url ? { localCalendarUrl: calendar.url } : {}),
    async stop() {
      await meetingResponses.stop();
      await chase.stop();
      await sweep!.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await store.close();
      await calendar.close();
    },
  };
}
