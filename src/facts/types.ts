/**
 * The shipped fact sheet: every fact a lesson's narration relies on, in the project's own words,
 * with the public sources it rests on. Lessons cite a fact with a markdown link whose target is
 * `fact:<id>` — e.g. `[Xen scrubs freed pages](fact:xen-idle-scrub)`; the app turns that link into
 * a popover with the statement and its sources, and `docs/facts.md` is generated from these files.
 */
export interface FactSource {
  /** The document's title, as its publisher gives it. */
  title: string;
  /** A public https URL. */
  url: string;
  /** What the fact holds for: a date ("2024-05"), a version ("Xen 4.17"), or a span ("2016–2023"). */
  asOf: string;
}

export interface Fact {
  /** Stable, kebab-case, unique across the sheet: lessons cite it. */
  id: string;
  /** A short title (a few words). */
  title: string;
  /** One paragraph in the project's own words. Plain text plus `code`; no internal notation. */
  statement: string;
  /** Where a rule changed over time: when this statement applies (e.g. "since 2023-09", "Xen ≥ 4.10"). */
  applies?: string;
  /** True when the statement describes this simulator's model or an illustrative number, not a published fact. */
  modelAssumption?: boolean;
  sources: readonly FactSource[];
}

/** One topic's facts, kept in its own file (src/facts/<topic>.ts). */
export interface FactTopic {
  id: string;
  title: string;
  facts: readonly Fact[];
}
