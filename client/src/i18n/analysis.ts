/**
 * The analysis feature's strings (简体中文 first, English second), kept apart from the shell's catalogue (./zh-CN.ts)
 * so that each feature edits only its own file. Keys start with 'analysis.'; the English table must have every key.
 */
export const analysisZh = {
} as const;

export const analysisEn: Record<keyof typeof analysisZh, string> = {
};
