import type { BlockContent, Provenance, Volume } from './types';

/**
 * What a read of a physical block returns to the volume reading it (domain-facts §3.3):
 * nothing written → zeros; written unencrypted → the plaintext; written under this volume's data
 * key → decrypted plaintext; anything under another key (or plaintext read through an encrypted
 * volume, which decrypts it into noise) → bytes that look like ciphertext, never the plaintext.
 */
export function readContent(prov: Provenance | null, reader: Pick<Volume, 'dataKey'>): BlockContent {
  if (prov === null) return { kind: 'zero' };
  if (prov.key === reader.dataKey) return { kind: 'plain', tenant: prov.tenant, volume: prov.volume, label: prov.label };
  return { kind: 'cipher', key: prov.key ?? 'none' };
}

export function describeContent(content: BlockContent): string {
  switch (content.kind) {
    case 'zero':
      return 'zeros';
    case 'plain':
      return `"${content.label}" (tenant ${content.tenant}, volume ${content.volume})`;
    case 'cipher':
      return `ciphertext under data key ${content.key} (unreadable without it)`;
  }
}
