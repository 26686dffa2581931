/**
 * The gateway's tag rules (docs/api/sessions.md#tags), so the editor can say what is wrong before
 * asking: trimmed, lower case, inner whitespace → '-', 1–32 letters, digits, '-', '_' or '.',
 * starting with a letter or digit; at most 20 a session. The gateway checks again.
 */
export const MAX_TAG_LENGTH = 32;
export const MAX_TAGS = 20;

const TAG = /^[\p{L}\p{N}][\p{L}\p{N}\p{M}_.-]*$/u;

/** The tag as stored, or null when it is not a valid tag. */
export function normalizeTag(text: string): string | null {
  const tag = text.trim().toLowerCase().replace(/\s+/gu, '-');
  return tag.length > 0 && tag.length <= MAX_TAG_LENGTH && TAG.test(tag) ? tag : null;
}
