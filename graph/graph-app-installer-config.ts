/**
 * Settings for proactive installation of the bot (graph-app-installer.ts): whether the bot installs itself for
 * people who have no conversation with it yet, and the id it installs. `appInstallSettingsFrom` is a pure function
 * of a plain object of variables, like `graphSettingsFrom`, so bot/config.ts can call it with `process.env` once
 * at start-up; `createAppInstallerFrom` turns the settings into the port.
 *
 * | variable | meaning |
 * |---|---|
 * | PROACTIVE_INSTALL | `true`: install the bot through Graph for someone whose cards are held. Default `false`: hold the cards and tell QA. |
 * | TEAMS_APP_CATALOG_ID | With PROACTIVE_INSTALL=true, required: the app's id in the organisation's app catalog (a GUID). |
 *
 * TEAMS_APP_CATALOG_ID is not the manifest id (TEAMS_APP_ID): for an app the organisation published, the catalog
 * gives it an id of its own. An admin finds it with `GET /appCatalogs/teamsApps?$filter=externalId eq '<manifest
 * id>'` (delegated AppCatalog.Read.All, e.g. in Graph Explorer): the `id` of the one app it lists. With
 * PROACTIVE_INSTALL=false it is not read at all.
 *
 * The Graph app registration also needs the application permission TeamsAppInstallation.ReadWriteSelfForUser.All
 * (admin consent), and must be the app named in the manifest's `webApplicationInfo.id`.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { AppInstaller } from '../workflow/ports.js';
import { NoAppInstaller } from './app-installer.js';
import { GraphAppInstaller, type GraphAppInstallerOptions } from './graph-app-installer.js';
import { flag, GraphConfigError, GUID, read, type Vars } from './graph-config.js';

export type AppInstallSettings =
  /** Cards for people without a conversation are held and QA is told (NoAppInstaller). */
  | { readonly kind: 'off' }
  /** The bot installs itself through Graph (GraphAppInstaller). */
  | { readonly kind: 'proactive'; readonly teamsAppCatalogId: string };


/** The settings from variables: off unless PROACTIVE_INSTALL=true, which then needs TEAMS_APP_CATALOG_ID. */
export function appInstallSettingsFrom(env: Vars): AppInstallSettings {
  if (!flag(env, 'PROACTIVE_INSTALL')) return { kind: 'off' };
  const id = read(env, 'TEAMS_APP_CATALOG_ID');
  if (id === undefined) {
    throw new GraphConfigError(
      'TEAMS_APP_CATALOG_ID',
      "is required with PROACTIVE_INSTALL=true: the app's id in the organisation's Teams app catalog (a GUID; not the manifest id).",
    );
  }
  if (!GUID.test(id)) throw new GraphConfigError('TEAMS_APP_CATALOG_ID', `must be the app's id in the organisation's Teams app catalog, a GUID (got "${id}").`);
  return { kind: 'proactive', teamsAppCatalogId: id };
}

/**
 * The installer for the settings: `NoAppInstaller` when off (and `connect` is never called), otherwise a
 * `GraphAppInstaller` on the client `connect` gives (createGraphClientFrom(config.graph, localUrl), say).
 */
export function createAppInstallerFrom(settings: AppInstallSettings, connect: () => Client, options: Omit<GraphAppInstallerOptions, 'teamsAppId'>): AppInstaller {
  if (settings.kind === 'off') return new NoAppInstaller();
  return new GraphAppInstaller(connect(), { ...options, teamsAppId: settings.teamsAppCatalogId });
}
