/**
 * One string per distinct text of the model's explanations.
 *
 * A placement explains itself in words built from templates ("dedicated to acct-7 already; has
 * room", the rule that decided), and a fleet keeps one explanation per instance, so the same few
 * hundred texts were built again for every launch: in the synthetic 20,000-host fleet (40,000
 * launches) about 85,000 such strings, each a chain of V8 cons-string pieces, made 320,000 of the
 * state's objects and 10 of its 80 MiB, which every full garbage collection marks. Only the
 * characters matter (hashes, recordings and views read them, and JavaScript cannot tell two equal
 * strings apart), so equal texts may share one string.
 */
export class SharedTexts {
  private readonly texts = new Map<string, string>();

  /** Past `max` distinct texts the table starts again: a lesson whose texts all differ costs a lookup each, no more. */
  constructor(private readonly max: number) {}

  /** How many distinct texts are kept. */
  get size(): number {
    return this.texts.size;
  }

  /** The kept string equal to `text` (`text` itself the first time it is seen). */
  share(text: string): string {
    const known = this.texts.get(text);
    if (known !== undefined) return known;
    if (this.texts.size >= this.max) this.texts.clear();
    this.texts.set(text, text);
    return text;
  }
}

const explanations = new SharedTexts(4096);

/** The one kept string of an explanation's text (placement rules and verdicts). */
export function sharedText(text: string): string {
  return explanations.share(text);
}
