// Jest globalTeardown: removes the run's temporary folder (see tempFolderSetup.js).
const { rmSync } = require('node:fs');

module.exports = async () => {
  const folder = process.env.COMMITTEE_TESTS_TMP;
  if (folder) rmSync(folder, { recursive: true, force: true });
};
