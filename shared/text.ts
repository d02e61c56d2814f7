// Text from others (debtor names, invoice texts, Go's data) shown on our pages and in the extension.

/** Bidirectional control characters (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM): in a
 *  name they can reorder what is shown around them ("Trojan Source" style spoofing of amounts,
 *  numbers and names), and no honest name needs them. */
const bidiControls = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/g;

/** The text without bidi control characters; everything else is kept as it is. */
export function stripBidi(text: string): string {
  return text.replace(bidiControls, '');
}
