/**
 * The dispatch feature's strings (简体中文 first, English second), kept apart from the shell's catalogue (./zh-CN.ts)
 * so that each feature edits only its own file. Keys start with 'dispatch.'; the English table must have every key.
 */
export const dispatchZh = {
} as const;

export const dispatchEn: Record<keyof typeof dispatchZh, string> = {
};
