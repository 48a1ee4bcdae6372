/** Anyang's districts and counties (GB/T 2260, DOMAIN.md) for the district filter. */
export const DISTRICTS: readonly { code: string; name: { zh: string; en: string } }[] = [
  { code: '410502', name: { zh: '文峰区', en: 'Wenfeng' } },
  { code: '410503', name: { zh: '北关区', en: 'Beiguan' } },
  { code: '410505', name: { zh: '殷都区', en: 'Yindu' } },
  { code: '410506', name: { zh: '龙安区', en: "Long'an" } },
  { code: '410522', name: { zh: '安阳县', en: 'Anyang County' } },
  { code: '410523', name: { zh: '汤阴县', en: 'Tangyin' } },
  { code: '410526', name: { zh: '滑县', en: 'Hua County' } },
  { code: '410527', name: { zh: '内黄县', en: 'Neihuang' } },
  { code: '410581', name: { zh: '林州市', en: 'Linzhou' } },
  { code: '410571', name: { zh: '高新区', en: 'High-tech Zone' } },
];
