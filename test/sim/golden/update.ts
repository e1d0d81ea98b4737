// Rewrites every golden scenario's expected event log: `npm run golden:update`.
import { writeFileSync } from 'node:fs';
import { goldenNames, outputPath, runGolden } from './golden.js';

for (const name of goldenNames()) {
  writeFileSync(outputPath(name), await runGolden(name));
  process.stdout.write(`updated ${outputPath(name)}\n`);
}
