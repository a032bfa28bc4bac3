import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_DOWNLOAD_INFO } from '../../bot/handlers/case-upload.js';
import { auditId } from '../../workflow/audit.js';
import { installationUpdate, message, type Member } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { cardText } from '../support/card-parser.js';

const HEADER = ['Case reference', 'Service area', 'Team', 'Allocated practitioner', 'Team manager', 'Service manager', 'Child status', 'Restricted record', 'Proposed reviewer'];

async function workbook(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('December');
  [HEADER, ...rows].forEach((r) => sheet.addRow(r));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A QA coordinator sends the month's Excel list to the bot in their 1:1 chat. */
describe('case list upload over HTTP', () => {
  const bot = new BotHarness();
  const url = () => bot.connector.url;
  const lastText = (who: Member) => cardText(bot.connector.cards(bot.conversationOf(who), 'POST').at(-1)!.card);
  const upload = (who: Member, fileName: string, downloadUrl: string, text = '') =>
    bot.post(message(url(), who, text, { attachments: [{ contentType: FILE_DOWNLOAD_INFO, name: fileName, content: { downloadUrl, fileType: 'xlsx', uniqueId: 'x' } }] }));

  let file: string;

  beforeAll(async () => {
    await bot.start();
    for (const who of [demo.alex, demo.sam, demo.chris]) await bot.post(installationUpdate(url(), who));
    file = bot.connector.serveFile(
      'january.xlsx',
      await workbook([
        ['CR-20001', 'CSC', 'Assessment East', 'jordan.lee@example.org', 'Sam Patel', 'priya.shah@example.org', 'CIN', 'No', 'chris.evans@example.org'],
        ['CR-20002', 'CSC', 'Assessment East', 'nobody@example.org', 'Sam Patel', 'priya.shah@example.org', 'CP', 'No', 'chris.evans@example.org'],
        ['CR-20001', 'CSC', 'Assessment East', 'jordan.lee@example.org', 'Sam Patel', 'priya.shah@example.org', 'CIN', 'No', 'chris.evans@example.org'],
        ['CR-20003', 'CSC', 'Children in Care North', 'morgan.blake@example.org', 'taylor.reed@example.org', 'priya.shah@example.org', 'CLA', 'Yes', 'sam.patel@example.org'],
      ]),
    );
  });
  afterAll(() => bot.stop());

  it('loads the good rows, reports each bad row by line, and the reviewers get their cards', async () => {
    expect((await upload(demo.alex, 'january.xlsx', file, 'cycle 2027-01')).status).toBe(200);
    const report = lastText(demo.alex);
    expect(report).toContain('Case list january.xlsx · cycle 2027-01');
    expect(report).toContain('Line 3: Unknown person in allocated practitioner: "nobody@example.org" is not in the directory');
    expect(report).toContain('Line 4: Duplicate case in the cycle: CR-20001 is also on line 2');
    expect(await bot.services.audits.get(bot.services.tenantId, auditId('2027-01', 'CR-20001'))).toMatchObject({ reviewerId: demo.chris.aadObjectId, dueDate: '2027-01-31' });
    expect(await bot.services.audits.get(bot.services.tenantId, auditId('2027-01', 'CR-20003'))).toMatchObject({ restricted: true });

    await bot.deliver();
    // Found by content, not position: another test may have answered Sam since.
    const cardsTo = (who: Member, marker: string) => bot.connector.cards(bot.conversationOf(who), 'POST').filter((c) => cardText(c.card).includes(marker));
    expect(cardsTo(demo.chris, 'Audit allocation · case CR-20001')).toHaveLength(1);
    expect(cardsTo(demo.sam, 'Audit allocation · case CR-20003')).toHaveLength(1);
  });

  it('sending the same file again creates nothing twice', async () => {
    // Loaded once already (loading is idempotent, so this stands alone in any order), and everything sent.
    await upload(demo.alex, 'january.xlsx', file, '2027-01');
    await bot.deliver();
    const before = (await bot.services.audits.forCycle(bot.services.tenantId, '2027-01')).length;
    await upload(demo.alex, 'january.xlsx', file, '2027-01');
    expect(lastText(demo.alex)).toMatch(/Allocated\n0\nAlready loaded\n2/);
    expect((await bot.services.audits.forCycle(bot.services.tenantId, '2027-01')).length).toBe(before);
    const sent = bot.connector.calls.length;
    await bot.deliver();
    expect(bot.connector.calls.length).toBe(sent);
  });

  it('only QA coordinators can load a case list', async () => {
    await upload(demo.sam, 'january.xlsx', file, '2027-02');
    expect(lastText(demo.sam)).toContain('only QA coordinators can');
    expect(await bot.services.audits.forCycle(bot.services.tenantId, '2027-02')).toEqual([]);
  });

  it('a file that is not a case list, or a link from elsewhere, is refused clearly and allocates nothing', async () => {
    await upload(demo.alex, 'notes.xlsx', bot.connector.serveFile('notes.xlsx', Buffer.from('this is not a workbook')), '2027-03');
    expect(lastText(demo.alex)).toContain('notes.xlsx was not loaded');
    await upload(demo.alex, 'list.xlsx', 'https://evil.example.com/list.xlsx', '2027-03');
    expect(lastText(demo.alex)).toContain('The file link did not come from Teams');
    expect(await bot.services.audits.forCycle(bot.services.tenantId, '2027-03')).toEqual([]);
  });
});
