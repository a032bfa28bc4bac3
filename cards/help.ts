import template from './help.json' with { type: 'json' };
import { expand, type AdaptiveCard } from './template.js';

export interface HelpCardData {
  readonly greeting: string;
  readonly intro?: string;
  readonly roles: string;
  readonly commands: readonly { command: string; what: string }[];
}

export function renderHelp(data: HelpCardData): AdaptiveCard {
  return expand(template, { ...data, intro: data.intro ?? '' });
}
