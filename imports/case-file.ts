/**
 * Reads the month's case list, as QA coordinators upload it (an Excel workbook normally, sometimes CSV),
 * into a plain table of text cells. Line numbers are the ones the coordinator sees in Excel or a text
 * editor, so every problem reported later ("line 14: unknown reviewer") can be found in their file.
 * Nothing here interprets the columns: that is workflow/case-list.ts.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DomainError } from '../workflow/errors.js';

export interface CaseTable {
  readonly header: string[];
  /** The line the header is on: 1 unless the file starts with blank lines. */
  readonly headerLine: number;
  readonly rows: { line: number; cells: string[] }[];
}

/** The file cannot be turned into a table. The message is shown to the coordinator as is. */
export class UnreadableCaseFile extends DomainError {
  override readonly name = 'UnreadableCaseFile';
  readonly kind = 'unreadable-file';
}

export const MAX_CASE_FILE_BYTES = 5 * 1024 * 1024;
/** An .xlsx is a zip; a small file can inflate enormously, so the sizes it declares are checked first. */
const MAX_UNZIPPED_BYTES = 100 * 1024 * 1024;

const NOT_A_TABLE = 'This file is not a CSV or Excel workbook. Send the case list as .xlsx or .csv.';

export async function readCaseTable(bytes: Buffer | Uint8Array, fileName: string): Promise<CaseTable> {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (data.length === 0) throw new UnreadableCaseFile('The file is empty.');
  if (data.length > MAX_CASE_FILE_BYTES) throw new UnreadableCaseFile('The file is larger than 5 MB. Split the case list and send the parts.');
  const ext = /\.([a-z0-9]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase() ?? '';
  // Content decides over the name: Teams and e-mail clients rename files, and "Save as CSV" keeps a .xlsx name sometimes.
  if (data.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) return tableFrom(await readXlsx(data, ext));
  if (data.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new UnreadableCaseFile('This is an old-style Excel (.xls) or password-protected workbook. Save it as an Excel Workbook (.xlsx) without a password and send it again.');
  }
  if (!['csv', 'txt', ''].includes(ext)) throw new UnreadableCaseFile(NOT_A_TABLE);
  return tableFrom(readCsv(data));
}

type Line = { line: number; cells: string[] };

/** Drops blank rows (keeping the others' line numbers) and takes the first row left as the header. */
function tableFrom(lines: Line[]): CaseTable {
  const filled = lines.filter((l) => l.cells.some((c) => c.trim() !== ''));
  const [first, ...rows] = filled;
  if (!first) throw new UnreadableCaseFile('The file has no rows: not even a header row.');
  return { header: first.cells.map((c) => c.trim()), headerLine: first.line, rows };
}

// ---- CSV ----

function decodeText(data: Buffer): string {
  const body = data.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? data.subarray(3) : data;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    // Excel's plain "CSV (Comma delimited)" writes Windows-1252, not UTF-8 (£, é, curly quotes).
    return new TextDecoder('windows-1252').decode(body);
  }
}

function readCsv(data: Buffer): Line[] {
  const text = decodeText(data);
  if (text.includes('\u0000')) throw new UnreadableCaseFile(NOT_A_TABLE);
  const utf8 = Buffer.from(text, 'utf8');
  let records: { record: string[]; info: { bytes_records: number } }[];
  try {
    // Blank lines are kept (as [""]) so that each record starts where the previous one ended.
    records = parse(utf8, { info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as unknown as typeof records;
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UnreadableCaseFile(
      code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'The CSV file has a quotation mark (") that is never closed. Open it in Excel, check the quoted text, and save it again.'
        : 'The CSV file could not be read. Open it in Excel and save it again as .xlsx or CSV.',
    );
  }
  // csv-parse's own `info.lines` counts a CRLF inside a quoted cell as two lines, so line numbers are
  // counted here from where each record starts in the text.
  const lines: Line[] = [];
  let start = 0;
  let line = 1;
  for (const { record, info } of records) {
    lines.push({ line, cells: record });
    line += countLineBreaks(utf8, start, info.bytes_records);
    start = info.bytes_records;
  }
  return lines;
}

/** Line breaks as editors count them: \r\n, \n, or a lone \r (old Mac exports). */
function countLineBreaks(data: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    if (data[i] === 0x0a || (data[i] === 0x0d && data[i + 1] !== 0x0a)) n++;
  }
  return n;
}

// ---- XLSX ----

async function readXlsx(data: Buffer, ext: string): Promise<Line[]> {
  const contents = zipContents(data);
  // Word documents and other zips are zips too; only a workbook has xl/workbook.xml.
  if (contents && !contents.names.includes('xl/workbook.xml')) throw new UnreadableCaseFile(NOT_A_TABLE);
  if (contents && contents.unzippedBytes > MAX_UNZIPPED_BYTES) {
    throw new UnreadableCaseFile('The workbook is too large to read. Keep only the case list sheet and send it again.');
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    throw new UnreadableCaseFile(
      ['xlsx', 'xlsm'].includes(ext) ? 'The Excel workbook could not be opened: it may be damaged. Open it in Excel, save it again, and resend it.' : NOT_A_TABLE,
    );
  }
  // The first sheet the coordinator can see: a hidden first sheet is usually lookup lists, not the cases.
  const sheet = workbook.worksheets.find((s) => s.state === 'visible') ?? workbook.worksheets[0];
  if (!sheet) throw new UnreadableCaseFile('The workbook has no sheets.');
  const lines: Line[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    lines.push({ line: rowNumber, cells });
  });
  return lines;
}

/** The text a cell shows, near enough: what a person would type back into the cell. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  // 15 significant digits, as Excel shows them: hides binary noise such as 0.30000000000000004.
  if (typeof value === 'number') return String(Number(value.toPrecision(15)));
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  if ('error' in value) return value.error;
  return '';
}

/** Excel stores dates without a zone and exceljs reads them as UTC, so UTC fields are the ones typed. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const day = d.toISOString().slice(0, 10);
  const time = d.toISOString().slice(11, 16);
  return time === '00:00' ? day : `${day} ${time}`;
}

/** Entry names and total uncompressed size from the zip's central directory; undefined if it is not found (exceljs then fails). */
function zipContents(zip: Buffer): { names: string[]; unzippedBytes: number } | undefined {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > zip.length) return undefined;
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  let unzippedBytes = 0;
  for (let i = 0; i < entries && at + 46 <= zip.length && zip.readUInt32LE(at) === 0x02014b50; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    unzippedBytes += zip.readUInt32LE(at + 24);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names.length === entries ? { names, unzippedBytes } : undefined;
}
