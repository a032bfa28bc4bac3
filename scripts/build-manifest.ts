/**
 * `npm run manifest [-- --app-id <guid>] [--domain <host>] [--teams-app-id <guid>] [--out <zip>]`
 * Fills in manifest/manifest.template.json, validates it offline against the Microsoft schema bundled in
 * @microsoft/app-manifest (so a build never depends on the network), checks the icons, and writes the
 * app package to upload to Teams: dist/qa-audit-bot.zip with manifest.json, color.png, outline.png.
 * Values come from the options, else the environment (MicrosoftAppId, TEAMS_APP_ID, BOT_DOMAIN).
 */
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import AdmZip from 'adm-zip';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const MANIFEST_DIR = join(ROOT, 'manifest');
export const DEFAULT_OUT = join(ROOT, 'dist', 'qa-audit-bot.zip');
/** Stands in for a real bot registration, so the package can be built and checked on any machine. */
export const LOCAL_BOT_ID = '00000000-0000-0000-0000-000000000001';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ICON_SIZES = { color: 192, outline: 32 } as const;

export type ManifestJson = Record<string, unknown>;

export interface BuildOptions {
  /** The bot's Entra app id (MicrosoftAppId). */
  readonly botId: string;
  /** The Teams app id; the bot id unless set, which is one id fewer for an authority to manage. */
  readonly teamsAppId?: string;
  /** The host the bot is served from, e.g. qa-audits.azurewebsites.net. */
  readonly domain?: string;
  /** The app version; Teams only takes an update whose version is higher. Defaults to package.json's. */
  readonly version?: string;
}

export class ManifestBuildError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The Teams app manifest is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads the options from the command line and environment; `notes` say which defaults were used. */
export function resolveOptions(argv: string[], env: NodeJS.ProcessEnv): { options: BuildOptions & { out: string }; notes: string[] } {
  const { values } = parseArgs({
    args: argv,
    options: { 'app-id': { type: 'string' }, 'teams-app-id': { type: 'string' }, domain: { type: 'string' }, out: { type: 'string' } },
  });
  const pick = (flag: string | undefined, name: string) => flag?.trim() || env[name]?.trim() || undefined;
  const notes: string[] = [];
  let botId = pick(values['app-id'], 'MicrosoftAppId');
  if (!botId) {
    botId = LOCAL_BOT_ID;
    notes.push(`No --app-id or MicrosoftAppId: using the local placeholder ${LOCAL_BOT_ID}. This package will not reach a real bot.`);
  }
  const domain = pick(values.domain, 'BOT_DOMAIN');
  if (!domain) notes.push('No --domain or BOT_DOMAIN: validDomains lists token.botframework.com only.');
  const teamsAppId = pick(values['teams-app-id'], 'TEAMS_APP_ID');
  return { options: { botId, ...(teamsAppId ? { teamsAppId } : {}), ...(domain ? { domain } : {}), out: values.out ?? DEFAULT_OUT }, notes };
}

/** "https://host/path" or "host": the bare host[:port] Teams expects in validDomains. */
function hostOf(domain: string): string {
  return domain.includes('://') ? new URL(domain).host : domain.replace(/\/.*$/, '');
}

/** The template with `${{NAME}}` placeholders filled in. Unknown placeholders are left for validation to report. */
export function buildManifest(options: BuildOptions, template = readFileSync(join(MANIFEST_DIR, 'manifest.template.json'), 'utf8')): ManifestJson {
  const values: Record<string, string> = {
    BOT_ID: options.botId,
    TEAMS_APP_ID: options.teamsAppId ?? options.botId,
    BOT_DOMAIN: options.domain ? hostOf(options.domain) : '',
    APP_VERSION: options.version ?? (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
  };
  // Substituted inside JSON strings, so each value is escaped as a JSON string body.
  const text = template.replace(/\$\{\{(\w+)\}\}/g, (whole, name: string) => (name in values ? JSON.stringify(values[name]).slice(1, -1) : whole));
  const manifest = JSON.parse(text) as ManifestJson;
  // An unset domain leaves an empty entry; dropping it keeps the package valid for local use.
  if (Array.isArray(manifest.validDomains)) manifest.validDomains = manifest.validDomains.filter((d) => d !== '');
  return manifest;
}

/** The Teams schema for `manifestVersion`, from the copy shipped inside @microsoft/app-manifest. */
export function loadBundledSchema(manifestVersion: string): object {
  const pkg = createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json');
  const file = join(dirname(pkg), 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  // The same clean-up the package applies: some schema versions use \a and \v in regexes, invalid in JSON/JS.
  return JSON.parse(readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as object;
}

/** Every problem found: schema errors (offline), leftover placeholders, ids that are not GUIDs. Empty means valid. */
export async function validateManifest(manifest: ManifestJson): Promise<string[]> {
  const problems: string[] = [];
  const leftovers = [...new Set(JSON.stringify(manifest).match(/\$\{\{\w+\}\}/g) ?? [])];
  if (leftovers.length > 0) problems.push(`Placeholders not filled in: ${leftovers.join(', ')}`);
  const version = manifest.manifestVersion;
  if (typeof version !== 'string') return [...problems, 'manifestVersion is missing'];
  let schema: object;
  try {
    schema = loadBundledSchema(version);
  } catch {
    return [...problems, `No bundled Teams schema for manifestVersion ${version}`];
  }
  type Schema = Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
  problems.push(...(await AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest, schema as Schema)));
  return problems;
}

/** Width and height from a PNG's IHDR chunk; undefined if the bytes are not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 24 || !png.subarray(0, 8).equals(signature) || png.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Teams rejects a package whose icons are not PNGs of exactly these sizes. */
export function checkIcons(iconDir = MANIFEST_DIR): string[] {
  return Object.entries(ICON_SIZES).flatMap(([name, size]) => {
    const dims = pngSize(readFileSync(join(iconDir, `${name}.png`)));
    return dims?.width === size && dims.height === size ? [] : [`${name}.png must be a ${size}×${size} PNG`];
  });
}

/** Builds, validates and writes the zip; throws ManifestBuildError listing every problem. */
export async function packageApp(options: BuildOptions, out = DEFAULT_OUT, iconDir = MANIFEST_DIR): Promise<{ manifest: ManifestJson; out: string }> {
  if (!GUID.test(options.botId)) throw new ManifestBuildError([`The bot app id must be a GUID, got "${options.botId}"`]);
  const manifest = buildManifest(options);
  const problems = [...(await validateManifest(manifest)), ...checkIcons(iconDir)];
  if (problems.length > 0) throw new ManifestBuildError(problems);
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
  zip.addFile('color.png', readFileSync(join(iconDir, 'color.png')));
  zip.addFile('outline.png', readFileSync(join(iconDir, 'outline.png')));
  mkdirSync(dirname(out), { recursive: true });
  zip.writeZip(out);
  return { manifest, out };
}

async function main(): Promise<number> {
  const { options, notes } = resolveOptions(process.argv.slice(2), process.env);
  for (const note of notes) console.log(`Note: ${note}`);
  try {
    const { manifest, out } = await packageApp(options, options.out);
    console.log(`Valid against the Teams v${String(manifest.manifestVersion)} schema. Wrote ${out}`);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().then((code) => process.exit(code));
}
