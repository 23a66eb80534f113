import { accessTopic } from './access';
import { memoryTopic } from './memory';
import { networkTopic } from './network';
import { STORAGE_FACTS } from './storage';
import { TENANCY_FACTS } from './tenancy';
import type { Fact, FactTopic } from './types';
import { xenTopic } from './xen';

export type { Fact, FactSource, FactTopic } from './types';

/**
 * Every topic of the fact sheet, in the order docs/facts.md lists them. Each topic lives in its
 * own file (src/facts/<topic>.ts) so that the people who own a model also own its facts.
 */
export const FACT_TOPICS: readonly FactTopic[] = [
  xenTopic,
  memoryTopic,
  accessTopic,
  networkTopic,
  STORAGE_FACTS,
  TENANCY_FACTS,
];

const BY_ID: ReadonlyMap<string, Fact> = new Map(FACT_TOPICS.flatMap((t) => t.facts.map((f) => [f.id, f] as const)));

export function factById(id: string): Fact | undefined {
  return BY_ID.get(id);
}

/** The citation syntax in narration: a markdown link whose target is `fact:<id>`. */
export const FACT_LINK = /\]\(fact:([a-z0-9][a-z0-9-]*)\)/g;

/** The fact ids a piece of narration cites, in order of appearance. */
export function citedFacts(text: string): string[] {
  return [...text.matchAll(FACT_LINK)].map((m) => m[1] as string);
}
