import AdmZip from 'adm-zip';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellText, readCaseTable, UnreadableCaseFile } from '../../imports/case-file.js';

const HEADER = ['Case reference', 'Child status', 'Restricted record'];

async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function unreadable(bytes: Buffer | Uint8Array, name: string): Promise<string> {
  const error = await readCaseTable(bytes, name).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnreadableCaseFile);
  expect((error as Error).name).toBe('UnreadableCaseFile');
  return (error as Error).message;
}

describe('CSV case lists', () => {
  it('handles a BOM, CRLF, a quoted cell with commas and line breaks, and blank lines; lines are where records start', async () => {
    const csv = [
      '\uFEFFCase reference,Child status,Restricted record',
      'C-1001,CIN,No',
      'C-1002,"CP, under review',
      'second line of the note",Yes',
      '',
      ',,',
      'C-1003,CLA,No',
      '',
      '',
    ].join('\r\n');
    const table = await readCaseTable(Buffer.from(csv, 'utf8'), 'cases.csv');
    expect(table.header).toEqual(HEADER);
    expect(table.headerLine).toBe(1);
    expect(table.rows).toEqual([
      { line: 2, cells: ['C-1001', 'CIN', 'No'] },
      { line: 3, cells: ['C-1002', 'CP, under review\r\nsecond line of the note', 'Yes'] },
      { line: 7, cells: ['C-1003', 'CLA', 'No'] },
    ]);
  });

  it('skips leading blank lines before the header, accepts LF and no final newline, and Windows-1252 text', async () => {
    const latin = Buffer.concat([Buffer.from('\n\nCase reference,Team\nC-1,'), Buffer.from([0xa3]), Buffer.from('5 Caf'), Buffer.from([0xe9])]);
    const table = await readCaseTable(latin, 'cases.CSV');
    expect(table.headerLine).toBe(3);
    expect(table.header).toEqual(['Case reference', 'Team']);
    expect(table.rows).toEqual([{ line: 4, cells: ['C-1', '£5 Café'] }]);
  });

  it('gives a clear error for an unclosed quote', async () => {
    expect(await unreadable(Buffer.from('a,b\n1,"oops\n2,3\n'), 'x.csv')).toMatch(/quotation mark/);
  });
});

describe('Excel case lists', () => {
  it('reads the first sheet, converting dates, numbers, booleans, formulas and rich text to text; blank rows keep line numbers', async () => {
    const bytes = await xlsx((wb) => {
      const ws = wb.addWorksheet('Cases');
      ws.addRow([]); // a leading blank row: the header is on line 2
      ws.addRow([...HEADER, 'Due', 'Visits', 'Flag', 'Total', 'Note']);
      ws.addRow(['C-1001', 'CIN', 'No', new Date(Date.UTC(2026, 11, 3)), 12, true, { formula: 'E3*2', result: 24 }, { richText: [{ text: 'Bold ' }, { text: 'plain' }] }]);
      ws.addRow([]); // line 4 is blank
      ws.addRow([123456, 'CP', 'Yes', null, 0.1 + 0.2, false, { formula: 'NA()', result: { error: '#N/A' } }, { text: 'link', hyperlink: 'https://example.org' }]);
      ws.getCell('D3').numFmt = 'dd/mm/yyyy';
      wb.addWorksheet('Lookups').addRow(['not read']);
    });
    const table = await readCaseTable(bytes, 'December.xlsx');
    expect(table.headerLine).toBe(2);
    expect(table.header).toEqual([...HEADER, 'Due', 'Visits', 'Flag', 'Total', 'Note']);
    expect(table.rows).toEqual([
      { line: 3, cells: ['C-1001', 'CIN', 'No', '2026-12-03', '12', 'TRUE', '24', 'Bold plain'] },
      { line: 5, cells: ['123456', 'CP', 'Yes', '', '0.3', 'FALSE', '#N/A', 'link'] },
    ]);
  });

  it('goes by content, not name, and skips a hidden first sheet', async () => {
    const bytes = await xlsx((wb) => {
      wb.addWorksheet('Hidden', { state: 'hidden' }).addRow(['lists']);
      wb.addWorksheet('Cases').addRow(HEADER);
    });
    const table = await readCaseTable(bytes, 'renamed.csv');
    expect(table).toEqual({ header: HEADER, headerLine: 1, rows: [] });
  });

  it('says so when the workbook has no sheets', async () => {
    const bytes = await xlsx(() => undefined);
    expect(await unreadable(bytes, 'empty.xlsx')).toBe('The workbook has no sheets.');
  });
});

describe('files that are not case lists', () => {
  it('rejects a corrupt workbook', async () => {
    const good = await xlsx((wb) => wb.addWorksheet('Cases').addRow(HEADER));
    const corrupt = Buffer.concat([good.subarray(0, 200), Buffer.alloc(300, 7)]);
    expect(await unreadable(corrupt, 'cases.xlsx')).toMatch(/could not be opened/);
  });

  it('rejects binary files, other documents and old .xls files', async () => {
    expect(await unreadable(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), 'cases.csv')).toMatch(/not a CSV or Excel workbook/);
    expect(await unreadable(Buffer.from('%PDF-1.7 text'), 'cases.pdf')).toMatch(/not a CSV or Excel workbook/);
    expect(await unreadable(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'cases.xls')).toMatch(/\.xlsx/);
    const docx = new AdmZip();
    docx.addFile('word/document.xml', Buffer.from('<w:document/>'));
    expect(await unreadable(docx.toBuffer(), 'cases.xlsx')).toMatch(/not a CSV or Excel workbook/);
  });

  it('rejects a workbook that declares it unzips to more than 100 MB, before inflating it', async () => {
    const bytes = await xlsx((wb) => wb.addWorksheet('Cases').addRow(HEADER));
    const entry = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(200 * 1024 * 1024, entry + 24); // the first entry's uncompressed size
    expect(await unreadable(bytes, 'cases.xlsx')).toMatch(/too large/);
  });

  it('rejects an empty file, a file of blank lines, and a file over 5 MB', async () => {
    expect(await unreadable(Buffer.alloc(0), 'cases.csv')).toBe('The file is empty.');
    expect(await unreadable(new Uint8Array(Buffer.from('\r\n,,\r\n\r\n')), 'cases.csv')).toMatch(/no rows/);
    expect(await unreadable(Buffer.alloc(5 * 1024 * 1024 + 1, 0x61), 'big.csv')).toMatch(/larger than 5 MB/);
  });
});

describe('cellText', () => {
  it('shows times only when a date has one, and formulas without a cached result as blank', () => {
    expect(cellText(new Date(Date.UTC(2026, 0, 31, 14, 30)))).toBe('2026-01-31 14:30');
    expect(cellText({ formula: 'A1' } as ExcelJS.CellFormulaValue)).toBe('');
    expect(cellText(1e21)).toBe('1e+21');
  });
});
