#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# META.json (PGXN) is valid JSON and tells the truth: its version is the
# control file's default_version, the file each `provides` entry names is in
# the source tree and not a build product, release_status is one of PGXN's,
# and the PostgreSQL range starts at 15.6 (pg_dump leaves extension policies
# out of dumps from 15.6 on, which restores rely on; docs/security.md).
# ---------------------------------------------------------------------------
set -euo pipefail
top=${AGENTGOV_TOP:?}
cd "$top"
python3 -m json.tool META.json >/dev/null
python3 - <<'PY'
import json, os, re, subprocess, sys
meta = json.load(open('META.json'))
errors = []
control = open('agentgov.control').read()
default = re.search(r"^default_version = '([^']+)'", control, re.M).group(1)
want = default + '.0' if default.count('.') == 1 else default
if meta['version'] != want:
    errors.append(f"version {meta['version']} is not the control file's default_version {default}")
if meta.get('release_status') not in ('stable', 'testing', 'unstable'):
    errors.append(f"release_status {meta.get('release_status')!r} is not stable, testing or unstable")
built = subprocess.run(['make', '-s', '-f', '-', 'print'], input=open('Makefile').read().replace(
    'include $(PGXS)', '') + '\nprint:\n\t@echo $(DATA_built) $(EXTRA_CLEAN)\n',
    capture_output=True, text=True).stdout.split()
for name, p in meta['provides'].items():
    f = p['file']
    if not os.path.isfile(f):
        errors.append(f"provides.{name}.file {f} does not exist")
    if f in built:
        errors.append(f"provides.{name}.file {f} is a build product, not a file of the distribution")
    if p['version'] != meta['version']:
        errors.append(f"provides.{name}.version {p['version']} is not {meta['version']}")
    if 'docfile' in p and not os.path.isfile(p['docfile']):
        errors.append(f"provides.{name}.docfile {p['docfile']} does not exist")
pg = meta['prereqs']['runtime']['requires']['PostgreSQL']
if not re.fullmatch(r'>= 15\.6\.0, < 16\.0\.0', pg):
    errors.append(f"PostgreSQL requirement {pg!r} is not '>= 15.6.0, < 16.0.0'")
if os.path.isdir('.git') or os.path.isfile('.git'):
    for name, p in meta['provides'].items():
        r = subprocess.run(['git', 'ls-files', '--error-unmatch', p['file']], capture_output=True)
        if r.returncode != 0:
            errors.append(f"provides.{name}.file {p['file']} is not in git")
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
PY
echo "META.json is consistent"
