import type { PanelDecision } from '../../workflow/moderation/moderation-record.js';
import { nameIn, type ViewContext } from './view-context.js';

const REFLECTS_WORDS = { yes: 'It reflects the quality of practice.', partly: 'It partly reflects the quality of practice.', no: 'It does not reflect the quality of practice.' } as const;

/** "Chris Evans (chair) and Mo Clarke agreed this result. It reflects the quality of practice. Learning for the worker: …" */
export function panelDecisionText(v: ViewContext, panel: PanelDecision): string {
  const [chair, ...others] = panel.tookPart;
  const who = new Intl.ListFormat('en-GB').format([`${nameIn(v, chair!)} (chair)`, ...others.map((id) => nameIn(v, id))]);
  return `${who} agreed this result. ${REFLECTS_WORDS[panel.reflects]} Learning for the worker: ${panel.learning}`;
}
