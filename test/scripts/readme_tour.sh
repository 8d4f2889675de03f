#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# The README's five-minute tour, run exactly as printed.
#
# Takes the fenced blocks of the section "## A five-minute tour" of
# README.md, runs every ```sql block in one psql session (connected as the
# superuser to database postgres, as the tour says; ON_ERROR_STOP, so any
# error fails the test), and compares the output of each ```sql block that
# is directly followed by a ```text block with that text block (trailing
# spaces ignored).  The tour's database and role are dropped before and
# after.
# ---------------------------------------------------------------------------
set -euo pipefail
top=${AGENTGOV_TOP:?}
tmp=${AGENTGOV_TMP:?}

cleanup() {
    psql -X -q -d postgres -c "SET client_min_messages = warning" \
        -c "DROP DATABASE IF EXISTS tour" -c "DROP ROLE IF EXISTS app" >/dev/null
}
cleanup
trap cleanup EXIT

python3 - "$top/README.md" "$tmp" <<'PY'
import re, sys
readme, tmp = sys.argv[1], sys.argv[2]
text = open(readme, encoding='utf-8').read()
m = re.search(r'^## A five-minute tour\n(.*?)(?=^## )', text, re.S | re.M)
if not m:
    sys.exit('README.md has no section "## A five-minute tour"')
blocks = re.findall(r'^```(\w*)\n(.*?)^```', m.group(1), re.S | re.M)
script, expected, nsql = [], [], 0
for i, (lang, body) in enumerate(blocks):
    if lang == 'sql':
        nsql += 1
        script.append(f"\\echo '@@block {i}'\n{body}")
        if i + 1 < len(blocks) and blocks[i + 1][0] == 'text':
            expected.append((i, blocks[i + 1][1]))
    elif lang != 'text':
        sys.exit(f'unexpected ```{lang} block in the tour')
if nsql < 5 or len(expected) < 3:
    sys.exit(f'the tour has {nsql} sql blocks and {len(expected)} outputs: too few, is the section broken?')
open(f'{tmp}/tour.sql', 'w').write(''.join(script))
with open(f'{tmp}/tour.expected', 'w') as f:
    for i, out in expected:
        f.write(f'@@block {i}\n{out}')
PY

psql -X -q -v ON_ERROR_STOP=1 -d postgres -f "$tmp/tour.sql" >"$tmp/tour.out" 2>"$tmp/tour.err" || {
    echo "the tour failed:"; cat "$tmp/tour.err"; tail -n 20 "$tmp/tour.out"; exit 1; }
# NOTICEs (CREATE EXTENSION's "installing required extension") are fine;
# a WARNING or anything else on stderr is not.
if grep -v -E '^psql:[^ ]*: NOTICE: ' "$tmp/tour.err" | grep -q .; then
    echo "the tour wrote to stderr:"; cat "$tmp/tour.err"; exit 1
fi

# Keep, of the actual output, the blocks whose output the README shows.
python3 - "$tmp" <<'PY'
import re, sys
tmp = sys.argv[1]
def split(path):
    parts, cur = {}, None
    for line in open(path, encoding='utf-8'):
        if line.startswith('@@block '):
            cur = line.split()[1]; parts[cur] = []
        elif cur is not None:
            parts[cur].append(line.rstrip())
    return {k: '\n'.join(v).rstrip('\n') for k, v in parts.items()}
actual, expected = split(f'{tmp}/tour.out'), split(f'{tmp}/tour.expected')
bad = 0
for k, want in expected.items():
    got = actual.get(k, '<no output>')
    if got != want:
        bad += 1
        print(f'output of tour block {k} differs from README.md:\n--- README\n{want}\n--- actual\n{got}\n')
print(f'{len(expected)} outputs compared, {bad} differ')
sys.exit(1 if bad else 0)
PY
