/**
 * The wall feature's strings (简体中文 first, English second), kept apart from the shell's catalogue (./zh-CN.ts)
 * so that each feature edits only its own file. Keys start with 'wall.'; the English table must have every key.
 */
export const wallZh = {
} as const;

export const wallEn: Record<keyof typeof wallZh, string> = {
};
