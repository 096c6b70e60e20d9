#!/usr/bin/env node
// `npm run setup`: installs exactly what package-lock.json pins (`npm ci`).
// npm 11.19's `npm ci` refuses lockfiles that lack entries for optional platform binaries the
// registry does not serve (e.g. @bufbuild/buf-darwin-arm64 on a Linux-only mirror) and reports them
// as "not in sync"; npm 10's `npm ci` installs the same lockfile exactly. So: try npm ci, and on that
// refusal use npm 10's.
import { spawnSync } from 'node:child_process';

const flags = ['ci', '--no-audit', '--no-fund'];
const first = spawnSync('npm', flags, { encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
if (first.status === 0) process.exit(0);
if (!/can only install packages when your package\.json and package-lock\.json/.test(first.stderr ?? '')) {
  process.stderr.write(first.stderr ?? '');
  process.exit(first.status ?? 1);
}
process.stderr.write('npm ci refused the lockfile over optional platform packages the registry lacks; installing it with npm 10\'s ci instead\n');
const second = spawnSync('npx', ['-y', 'npm@10.9.2', ...flags], { stdio: 'inherit' });
process.exit(second.status ?? 1);
