/** Reads the derived real inputs (data/derived, written by `npm run data:build`) for the generator. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { districtsFromGeoJson, sourceLabel, type DatasetInputs, type GeoJsonDistricts } from '../../dataset/core/inputs.ts';

const DERIVED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data', 'derived');

export async function readDatasetInputs(dir = DERIVED_DIR): Promise<DatasetInputs> {
  const fc = JSON.parse(await readFile(path.join(dir, 'anyang-districts.geojson'), 'utf8')) as GeoJsonDistricts;
  const divisions = JSON.parse(await readFile(path.join(dir, 'anyang-divisions.json'), 'utf8')) as DatasetInputs['divisions'];
  return { districts: districtsFromGeoJson(fc), divisions, districtSource: sourceLabel(fc) };
}
