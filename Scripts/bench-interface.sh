#!/usr/bin/env bash
# Times the terminal interface on a large data directory, without a terminal (product.md
# section 8: opens in under 0.5 s, answers a key in under 16 ms). The first run builds the
# facts cache under DATA/.cache (cold); the second is how the interface opens day to day (warm).
#
# usage: Scripts/bench-interface.sh [AUDITS] [SEED]      (defaults: 100000 1)
# env:   DATA=DIR reuses a filled data directory; KEEP=1 keeps the one made here.
set -euo pipefail
AUDITS=${1:-100000}
SEED=${2:-1}
cd "$(dirname "$0")/.."
ROOT=$(pwd)
echo "== building release"
swift build -c release 2>&1 | tail -1
BIN="$ROOT/.build/release/caseaudit"
export CASEAUDIT_TEMPLATES="$ROOT/AuditTemplates"
if [ -z "${DATA:-}" ]; then
    DATA=$(mktemp -d /tmp/caseaudit-bench-ui.XXXXXX)
    [ -n "${KEEP:-}" ] || trap 'rm -rf "$DATA"' EXIT
    echo "== caseaudit demo --audits $AUDITS --seed $SEED"
    "$BIN" demo --data "$DATA" --audits "$AUDITS" --seed "$SEED" >/dev/null
fi
echo "== cold (no cache)"
rm -rf "$DATA/.cache"
CASEAUDIT_BENCH_INTERFACE=1 "$BIN" --data "$DATA"
echo "== warm, keys at once after the first screen (as Scripts/bench.sh drives tmux)"
CASEAUDIT_BENCH_INTERFACE=1 "$BIN" --data "$DATA"
echo "== warm, keys once the list index is ready (a person reading the first screen)"
CASEAUDIT_BENCH_INTERFACE=1 CASEAUDIT_BENCH_SETTLE=1 "$BIN" --data "$DATA"
