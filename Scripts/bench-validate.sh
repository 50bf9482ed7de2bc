#!/usr/bin/env bash
# Issue 14 point 5: `validate` on one audit file with 2,000 and with 8,000 problems. With line
# numbers found in one pass the time grows with the file (ratio about 4), not with the square of
# the problems (about 16). A benchmark ratio, not a timed test.
#
# usage: Scripts/bench-validate.sh          (run from anywhere; builds release first)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
swift build -c release 2>&1 | tail -1
BIN="$ROOT/.build/release/caseaudit"
export CASEAUDIT_TEMPLATES="$ROOT/AuditTemplates"
WORK=$(mktemp -d /tmp/caseaudit-bench-validate.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

"$BIN" demo --data "$WORK/seed" --audits 1 --seed 1 >/dev/null
SEED_FILE=$(find "$WORK/seed/audits" -name '*.json' | head -1)

# make N: a data folder whose one audit answers N questions its template does not have.
make() {
    local n=$1 data="$WORK/d$1"
    "$BIN" demo --data "$data" --audits 1 --seed 1 >/dev/null
    python3 - "$SEED_FILE" "$data/audits/$(basename "$SEED_FILE")" "$n" <<'PY'
import json, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
audit = json.load(open(src))
section = sorted(audit["sections"])[0]
answers = audit["sections"][section].setdefault("answers", {})
for q in range(n):
    answers[f"unknown-{q:05d}"] = {"answer": "yes"}
json.dump(audit, open(dst, "w"), indent=2, sort_keys=True)
PY
    echo "$data"
}

# best N DATA: the best of three runs, in seconds.
best() {
    local data=$1 bestt=""
    for _ in 1 2 3; do
        local s e t
        s=$(date +%s.%N)
        "$BIN" validate --data "$data" >/dev/null || true
        e=$(date +%s.%N)
        t=$(echo "$e - $s" | bc -l)
        if [ -z "$bestt" ] || [ "$(echo "$t < $bestt" | bc -l)" = 1 ]; then bestt=$t; fi
    done
    echo "$bestt"
}

SMALL=$(make 2000)
LARGE=$(make 8000)
echo "problems shown for 8,000: $("$BIN" validate --data "$LARGE" 2>/dev/null | grep -c 'unknown-' || true) lines, then: $("$BIN" validate --data "$LARGE" 2>/dev/null | grep -o 'and [0-9]* more problems in this file' || true)"
T2=$(best "$SMALL")
T8=$(best "$LARGE")
printf 'validate, one file with 2,000 problems: %.3f s\n' "$T2"
printf 'validate, one file with 8,000 problems: %.3f s\n' "$T8"
printf 'ratio 8,000 / 2,000: %.1f (linear: about 4; quadratic: about 16)\n' "$(echo "$T8 / $T2" | bc -l)"
