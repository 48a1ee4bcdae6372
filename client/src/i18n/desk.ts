/**
 * The desk feature's strings (简体中文 first, English second), kept apart from the shell's catalogue (./zh-CN.ts)
 * so that each feature edits only its own file. Keys start with 'desk.'; the English table must have every key.
 */
export const deskZh = {
} as const;

export const deskEn: Record<keyof typeof deskZh, string> = {
};
