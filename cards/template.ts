import * as ACData from 'adaptivecards-templating';

/** An Adaptive Card as JSON. Cards are data: templates in cards/*.json, typed view models in cards/*.ts. */
export type AdaptiveCard = { readonly type: 'AdaptiveCard'; readonly version: string } & Record<string, unknown>;

/** Teams refuses messages over ~28 KB; every card is checked against this in tests. */
export const MAX_CARD_BYTES = 28 * 1024;

/** Expands an adaptivecards-templating template. User text is bound as data, so it is never evaluated. */
export function expand(template: object, data: object): AdaptiveCard {
  return new ACData.Template(template).expand({ $root: data }) as AdaptiveCard;
}

/** Card inputs keep their typed value between renders; booleans travel as the strings Input.Toggle uses. */
export const toggle = (on: boolean | undefined): 'true' | 'false' => (on ? 'true' : 'false');
