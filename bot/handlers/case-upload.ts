import type { TurnContext } from 'botbuilder';
import { renderLoadReport } from '../../cards/load-report.js';
import { renderInfo } from '../../cards/info.js';
import { MAX_CASE_FILE_BYTES, readCaseTable, UnreadableCaseFile } from '../../imports/case-file.js';
import { loadCaseList } from '../../workflow/use-cases/load-case-list.js';
import { failureCard } from '../error-cards.js';
import type { Services } from '../services.js';
import { actorOf } from '../turn.js';
import { commandText, sendCard } from './commands.js';

/** How Teams hands a bot a file sent in a personal chat (manifest `supportsFiles`). */
export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

interface FileDownloadInfo {
  downloadUrl?: string;
  fileType?: string;
}

export function hasCaseFile(context: TurnContext): boolean {
  return (context.activity.attachments ?? []).some((a) => a.contentType === FILE_DOWNLOAD_INFO);
}

/** The cycle named in the message, else in the file name, else the current month (lists arrive at its start). */
function cycleFor(text: string, fileName: string, now: Date): string {
  const named = /\b(20\d{2})-(0[1-9]|1[0-2])\b/.exec(`${text} ${fileName}`);
  return named ? named[0] : new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', timeZone: 'Europe/London' }).format(now).slice(0, 7);
}

/** Downloads only from the hosts Teams stores files on, so a crafted activity cannot make us fetch elsewhere. */
async function download(s: Services, url: string): Promise<Buffer> {
  const parsed = new URL(url);
  const allowed = s.uploadHosts.some((h) => (h.startsWith('.') ? parsed.hostname.endsWith(h) : parsed.hostname === h));
  const local = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1';
  // Plain http only for a file served on this machine (local tests); Teams' links are always https.
  if (!allowed || !(parsed.protocol === 'https:' || (parsed.protocol === 'http:' && local))) {
    throw new UnreadableCaseFile('The file link did not come from Teams, so it was not opened.');
  }
  const response = await fetch(url, { redirect: 'error' });
  if (!response.ok) throw new UnreadableCaseFile('The file could not be downloaded from Teams. Please send it again.');
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_CASE_FILE_BYTES) throw new UnreadableCaseFile('The file is larger than 5 MB. Split the case list and send the parts.');
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > MAX_CASE_FILE_BYTES) throw new UnreadableCaseFile('The file is larger than 5 MB. Split the case list and send the parts.');
  return bytes;
}

export function caseUpload(s: Services) {
  return async (context: TurnContext): Promise<void> => {
    for (const attachment of (context.activity.attachments ?? []).filter((a) => a.contentType === FILE_DOWNLOAD_INFO)) {
      const fileName = attachment.name ?? 'case list';
      try {
        const actorId = actorOf(context, s);
        const info = (attachment.content ?? {}) as FileDownloadInfo;
        const cycle = cycleFor(commandText(context), fileName, s.clock.now());
        // Read only once the use case has checked the sender may load case lists: nobody else makes the bot fetch a file.
        const table = async () => {
          if (!info.downloadUrl) throw new UnreadableCaseFile('The file arrived without a download link. Please send it again.');
          return readCaseTable(await download(s, info.downloadUrl), fileName);
        };
        const result = await loadCaseList(s).execute({ tenantId: s.tenantId, cycle, table, loadedBy: actorId });
        s.log.info('case-list-loaded', { cycle, created: result.created.length, alreadyLoaded: result.alreadyLoaded.length, problems: result.problems.length });
        if (result.created.length > 0) s.kickDelivery();
        await sendCard(
          context,
          renderLoadReport({ fileName, cycle, created: result.created.length, alreadyLoaded: result.alreadyLoaded.length, problems: result.problems, ...(result.quotaNotes ? { quotaNotes: result.quotaNotes } : {}), ...(result.rhythmNote ? { rhythmNote: result.rhythmNote } : {}) }),
        );
      } catch (error) {
        // A file that cannot be read or loaded says why; refusals and anything unexpected get the usual cards.
        const notLoaded = async (e: Error) => renderInfo({ title: `${fileName} was not loaded`, lines: [e.message, 'Nothing was allocated.'], tone: 'warning' });
        await sendCard(context, await failureCard(s, error, { invalid: notLoaded, refused: notLoaded }, { activityId: context.activity.id, upload: fileName }));
      }
    }
  };
}
