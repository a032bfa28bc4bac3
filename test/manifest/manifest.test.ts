import AdmZip from 'adm-zip';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildManifest,
  LOCAL_BOT_ID,
  MANIFEST_DIR,
  ManifestBuildError,
  packageApp,
  pngSize,
  resolveOptions,
  validateManifest,
  type ManifestJson,
} from '../../scripts/build-manifest.js';

const BOT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const work = mkdtempSync(join(tmpdir(), 'qa-manifest-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** RGBA pixels of the PNGs make-icons writes (8-bit RGBA, every row with filter 0). */
function pixels(png: Buffer): { width: number; at: (x: number, y: number) => number[] } {
  const { width, height } = pngSize(png)!;
  const idat: Buffer[] = [];
  for (let i = 8; i < png.length; ) {
    const length = png.readUInt32BE(i);
    if (png.toString('latin1', i + 4, i + 8) === 'IDAT') idat.push(png.subarray(i + 8, i + 8 + length));
    i += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe(height * (width * 4 + 1));
  return { width, at: (x, y) => [...raw.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 5 + x * 4)] };
}

describe('the Teams app package', () => {
  it('is valid against the bundled Microsoft schema, with the bot id substituted everywhere', async () => {
    const manifest = buildManifest({ botId: BOT_ID, domain: 'https://qa-audits.example.org/api/messages' });
    expect(await validateManifest(manifest)).toEqual([]);
    expect(manifest).toMatchObject({
      manifestVersion: '1.19',
      $schema: 'https://developer.microsoft.com/en-us/json-schemas/teams/v1.19/MicrosoftTeams.schema.json',
      id: BOT_ID,
      name: { short: 'QA Audits' },
      validDomains: ['qa-audits.example.org', 'token.botframework.com'],
      webApplicationInfo: { id: BOT_ID, resource: `api://botid-${BOT_ID}` },
    });
    const [bot] = manifest.bots as Record<string, unknown>[];
    expect(bot).toMatchObject({ botId: BOT_ID, scopes: ['personal', 'team'], supportsFiles: true, isNotificationOnly: false });
    const commands = [{ title: 'my audits', description: 'List your audits and their status' }, { title: 'help', description: 'What the bot can do for you' }];
    // The chase's commands are personal: actions and a team's digest are one person's business.
    const personal = [
      commands[0],
      { title: 'my actions', description: 'The actions you own, to mark done or ask for more time' },
      { title: 'my team', description: "Your team's overdue and due-soon actions, and sign-offs" },
      commands[1],
    ];
    expect(bot!.commandLists).toEqual([{ scopes: ['personal'], commands: personal }, { scopes: ['team'], commands }]);
    expect(JSON.stringify(manifest)).not.toContain('${{');
  });

  it('writes a zip with manifest.json and both icons at its root', async () => {
    const out = join(work, 'app.zip');
    await packageApp({ botId: BOT_ID, teamsAppId: '6ba7b810-9dad-41d1-80b4-00c04fd430c8' }, out);
    const zip = new AdmZip(out);
    expect(zip.getEntries().map((e) => e.entryName).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(zip.readAsText('manifest.json')) as ManifestJson;
    expect(manifest).toMatchObject({ id: '6ba7b810-9dad-41d1-80b4-00c04fd430c8', validDomains: ['token.botframework.com'] });
    expect(pngSize(zip.readFile('color.png')!)).toEqual({ width: 192, height: 192 });
    expect(pngSize(zip.readFile('outline.png')!)).toEqual({ width: 32, height: 32 });
  });

  it('has a full-colour 192 px icon and a white-on-transparent 32 px outline', () => {
    const color = pixels(readFileSync(join(MANIFEST_DIR, 'color.png')));
    expect(color.width).toBe(192);
    expect(color.at(20, 96)).toEqual([0x1f, 0x6f, 0x8b, 255]); // the teal background
    const outline = pixels(readFileSync(join(MANIFEST_DIR, 'outline.png')));
    expect(outline.width).toBe(32);
    let painted = 0;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const [r, g, b, a] = outline.at(x, y);
        if (a! > 0) painted++;
        if (a! > 0) expect([r, g, b]).toEqual([255, 255, 255]);
      }
    }
    expect(painted).toBeGreaterThan(100);
    expect(outline.at(16, 4)[3]).toBe(0); // inside the frame, above the check: transparent
  });

  it('the validator catches a broken manifest, so this test can fail', async () => {
    const good = buildManifest({ botId: BOT_ID });
    const { developer: _developer, ...missingDeveloper } = good;
    expect((await validateManifest(missingDeveloper)).join('\n')).toMatch(/developer/);
    const badBot = { ...good, bots: [{ ...(good.bots as object[])[0], scopes: ['everyone'] }] };
    expect(await validateManifest(badBot)).not.toEqual([]);
    const longName = { ...good, name: { short: 'QA Audits for every children’s services team', full: 'x' } };
    expect((await validateManifest(longName)).join('\n')).toMatch(/\/name\/short/);
    const unfilled = buildManifest({ botId: BOT_ID }, '{ "manifestVersion": "1.19", "id": "${{NOT_A_SETTING}}" }');
    expect((await validateManifest(unfilled)).join('\n')).toMatch(/Placeholders not filled in: \$\{\{NOT_A_SETTING\}\}/);
  });

  it('refuses to package an invalid app id, listing the problem', async () => {
    await expect(packageApp({ botId: 'not-a-guid' }, join(work, 'bad.zip'))).rejects.toThrow(ManifestBuildError);
  });
});

describe('build options', () => {
  it('takes --app-id over MicrosoftAppId, and falls back to the local placeholder with a note', () => {
    expect(resolveOptions(['--app-id', BOT_ID], { MicrosoftAppId: LOCAL_BOT_ID }).options.botId).toBe(BOT_ID);
    expect(resolveOptions([], { MicrosoftAppId: BOT_ID, BOT_DOMAIN: 'qa.example.org' }).options).toMatchObject({ botId: BOT_ID, domain: 'qa.example.org' });
    const local = resolveOptions([], {});
    expect(local.options.botId).toBe(LOCAL_BOT_ID);
    expect(local.notes.join('\n')).toContain('local placeholder');
  });
});
