// Jest globalSetup: every temporary file the tests make (stores, copies) goes into one
// folder for this run, removed by tempFolderTeardown.js; without it each run left about a
// thousand folders in the system's temp folder. Test workers start after this and inherit it.
const { mkdtempSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'committee-tests-'));
  process.env.COMMITTEE_TESTS_TMP = folder;
  // os.tmpdir() reads TMPDIR on POSIX and TEMP/TMP on Windows.
  process.env.TMPDIR = folder;
  process.env.TEMP = folder;
  process.env.TMP = folder;
};
