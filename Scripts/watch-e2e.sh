#!/bin/sh
# End-to-end check of the folder watcher (`caseaudit _watch`, docs/performance.md):
# a warm `caseaudit report` that the watcher vouches for stats no file, an audit edited in place
# keeping its size and mtime is still seen, the result equals a report made without any cache,
# and no watcher is left once the data directory is deleted.
# Usage: Scripts/watch-e2e.sh [path/to/caseaudit]   (default: .build/debug/caseaudit)
set -u
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-.build/debug/caseaudit}")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/caseaudit-watch-e2e.XXXXXX")
D=$WORK/data
FAILED=0
fail() { echo "FAIL: $*"; FAILED=1; }
pass() { echo "ok: $*"; }
# The pids of this check's watchers, from /proc (no procps needed).
watchers() {
    for c in /proc/[0-9]*/cmdline; do
        [ "$( { tr '\0' ' ' <"$c"; } 2>/dev/null)" = "/proc/self/exe _watch --data $D " ] && { p=${c#/proc/}; echo "${p%/cmdline}"; }
    done
}
cleanup() {
    for pid in $(watchers); do kill "$pid"; done
    rm -rf "$WORK"
}
trap cleanup EXIT
export CASEAUDIT_WATCH_IDLE=120
unset CASEAUDIT_WATCH

"$BIN" demo --data "$D" --audits 200 --seed 3 --to 2019-03 >/dev/null 2>&1 || fail "demo"
sleep 3  # older than the index's 2-second "too fresh to cache" window

report() { "$BIN" report --data "$1" --format csv 2>"$WORK/err"; }
report "$D" >"$WORK/first.csv" || fail "first report"
[ -n "$(watchers)" ] && pass "the first report started a watcher" || fail "no watcher after the first report"
[ -s "$D/.cache/audit-index.watch" ] && pass "the first report left a watcher token" || fail "no token"

CASEAUDIT_TIMING=1 report "$D" >"$WORK/warm.csv"
grep -q "no stats: the folder watcher saw no change" "$WORK/err" && pass "warm report stats nothing" \
    || { fail "warm report statted the folder"; cat "$WORK/err"; }
cmp -s "$WORK/first.csv" "$WORK/warm.csv" && pass "warm report equals the first" || fail "warm report differs"

# Every "good" grade becomes "na" in place: same size, same inode, mtime put back.
python3 - "$D/audits" <<'PY'
import os, sys
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    if not name.endswith(".json"):
        continue
    path = os.path.join(folder, name)
    st = os.stat(path)
    with open(path, "rb") as f:
        text = f.read()
    changed = text.replace(b'"grade" : "good"', b'"grade" : "na"  ')
    assert len(changed) == len(text)
    if changed != text:
        with open(path, "r+b") as f:
            f.write(changed)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert os.stat(path).st_size == st.st_size and os.stat(path).st_ino == st.st_ino
PY
CASEAUDIT_TIMING=1 report "$D" >"$WORK/edited.csv"
cmp -s "$WORK/first.csv" "$WORK/edited.csv" && fail "the in-place edits were not seen" || pass "in-place edits keeping size and mtime are seen"
grep -Eq "list\+stat|files the folder watcher named" "$WORK/err" && pass "after the edits the changed files are statted" || fail "no stat after the edits"

cp -a "$D" "$WORK/copy" && rm -rf "$WORK/copy/.cache"
CASEAUDIT_WATCH=0 report "$WORK/copy" >"$WORK/truth.csv"
cmp -s "$WORK/edited.csv" "$WORK/truth.csv" && pass "equals a report made without any cache" || fail "differs from a report without cache"
[ -e "$WORK/copy/.cache/watch.sock" ] && fail "CASEAUDIT_WATCH=0 started a watcher" || pass "CASEAUDIT_WATCH=0 starts no watcher"

CASEAUDIT_TIMING=1 report "$D" >"$WORK/again.csv"
grep -q "no stats" "$WORK/err" && pass "the next report is fast again" || fail "the next report statted the folder"
cmp -s "$WORK/again.csv" "$WORK/truth.csv" && pass "and still equals the files" || fail "the next report differs from the files"

# A stopped watcher only costs the client's timeout; a killed one is replaced.
pid=$(watchers)
kill -STOP $pid
start=$(date +%s%N)
report "$D" >"$WORK/stopped.csv"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
kill -CONT $pid
cmp -s "$WORK/stopped.csv" "$WORK/truth.csv" && pass "with the watcher stopped the report is right" || fail "wrong report with the watcher stopped"
[ $ms -lt 3000 ] && pass "with the watcher stopped it took $ms ms" || fail "with the watcher stopped it took $ms ms"
kill -KILL $pid
sleep 0.2
[ -S "$D/.cache/watch.sock" ] && pass "a killed watcher leaves its socket" || fail "no stale socket"
report "$D" >/dev/null
new=$(watchers)
[ -n "$new" ] && [ "$new" != "$pid" ] && pass "a new watcher replaced the killed one" || fail "no new watcher after a kill"
CASEAUDIT_TIMING=1 report "$D" >"$WORK/after-kill.csv"
grep -q "no stats" "$WORK/err" && pass "and vouches for the next report" || fail "no fast report after the new watcher"

rm -rf "$D"
i=0
while [ -n "$(watchers)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ -z "$(watchers)" ] && pass "the watcher exits when the data directory is deleted" || fail "a watcher outlived its data directory"

[ $FAILED -eq 0 ] && echo "watch e2e: all passed" || echo "watch e2e: FAILED"
exit $FAILED
