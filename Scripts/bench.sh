#!/usr/bin/env bash
# Measures caseaudit against product.md section 8, side by side in one run, as ratios to `cat` of
# the same audit files (no background process of any kind):
#   report        cold <= 1.5x, warm <= 0.1x, after one audit file changed <= 0.15x
#   export        every level, CSV and JSON Lines, <= 2x
#   validate      <= 3x
#   peak memory   < 300 MB for every command
#   interface     opens in < 0.5 s, answers a key in < 16 ms (Scripts/bench-interface.sh times it
#                 from outside, on a pseudo-terminal). It answers a draft question, so one audit
#                 in the data directory is changed afterwards.
#
# usage: Scripts/bench.sh [AUDITS] [SEED]        (defaults: 100000 1)
# env:   KEEP=1 keeps the data directory; DATA=DIR reuses one already filled; NO_UI=1 skips the interface.
# Run from the package root. Prints the figures and the ratios; exit 1 if a target is missed.
set -euo pipefail

AUDITS=${1:-100000}
SEED=${2:-1}
cd "$(dirname "$0")/.."
ROOT=$(pwd)

echo "== building release"
swift build -c release 2>&1 | tail -1
BIN="$ROOT/.build/release/caseaudit"
export CASEAUDIT_TEMPLATES="$ROOT/AuditTemplates"

TIME=/usr/bin/time
if ! [ -x "$TIME" ]; then
    echo "== /usr/bin/time is missing; installing the Debian package 'time'"
    apt-get install -y time >/dev/null 2>&1 || true
fi
[ -x "$TIME" ] || { echo "bench.sh: /usr/bin/time is needed for peak memory (apt-get install time)" >&2; exit 2; }

if [ -n "${DATA:-}" ]; then
    echo "== reusing $DATA"
    GENERATOR="files already in $DATA"
else
    DATA=$(mktemp -d /tmp/caseaudit-bench.XXXXXX)
    [ -n "${KEEP:-}" ] || trap 'rm -rf "$DATA"' EXIT
    if "$BIN" demo --help >/dev/null 2>&1; then
        echo "== caseaudit demo --audits $AUDITS --seed $SEED"
        "$TIME" -f "   demo took %e s" "$BIN" demo --data "$DATA" --audits "$AUDITS" --seed "$SEED"
        GENERATOR="caseaudit demo --audits $AUDITS --seed $SEED"
    else
        echo "== caseaudit demo is not in this build: generating with Scripts/gen-audits.py instead"
        python3 "$ROOT/Scripts/gen-audits.py" "$DATA" "$AUDITS" "$SEED"
        GENERATOR="Scripts/gen-audits.py (caseaudit demo not available)"
    fi
fi
FILES=$(find "$DATA/audits" -name '*.json' | wc -l)
BYTES=$(du -sb "$DATA/audits" | cut -f1)

# Dropping the page cache needs root and a writable /proc/sys/vm/drop_caches (not in most containers).
drop_caches() {
    sync
    if { echo 3 > /proc/sys/vm/drop_caches; } 2>/dev/null; then return 0; fi
    return 1
}
if drop_caches; then CACHE="cold page cache (dropped before each cold measurement)"; else CACHE="warm page cache (cannot drop it here)"; fi

# run NAME CMD...: runs once, records elapsed, user, sys (s) and peak RSS (KB) in NAME_*
run() {
    local name=$1; shift
    local out
    out=$(mktemp)
    "$TIME" -f "%e %U %S %M" -o "$out" "$@" >/dev/null 2>&1 || true
    read -r e u s m < <(tail -1 "$out")
    rm -f "$out"
    printf -v "${name}_e" '%s' "$e"; printf -v "${name}_u" '%s' "$u"
    printf -v "${name}_s" '%s' "$s"; printf -v "${name}_m" '%s' "$m"
}
# best NAME N CMD...: the best elapsed of N runs (and that run's figures), peak RSS the largest seen.
best() {
    local name=$1 n=$2; shift 2
    local be=999 bu=0 bs=0 bm=0
    for _ in $(seq "$n"); do
        run one "$@"
        if awk "BEGIN{exit !($one_e < $be)}"; then be=$one_e; bu=$one_u; bs=$one_s; fi
        [ "$one_m" -gt "$bm" ] && bm=$one_m
    done
    printf -v "${name}_e" '%s' "$be"; printf -v "${name}_u" '%s' "$bu"
    printf -v "${name}_s" '%s' "$bs"; printf -v "${name}_m" '%s' "$bm"
}
ratio() { awk "BEGIN{printf \"%.2f\", $1 / ($cat_e > 0 ? $cat_e : 0.001)}"; }
pass() { if awk "BEGIN{exit !($1)}"; then echo "ok"; else echo "MISSED"; fi; }
ROWS=""
PEAK=0
# row LABEL NAME TARGET: one line of the table, and the peak memory so far.
row() {
    local label=$1 name=$2 target=$3
    local e=${name}_e u=${name}_u s=${name}_s m=${name}_m
    local r; r=$(ratio "${!e}")
    [ "${!m}" -gt "$PEAK" ] && PEAK=${!m}
    ROWS+=$(printf '%-28s %7s s %7s s %7s s %6s MB   %5sx  (target <= %sx) %s' "$label" "${!e}" "${!u}" "${!s}" "$((${!m} / 1024))" "$r" "$target" "$(pass "$r <= $target")")$'\n'
}

echo "== cat of every audit file"
drop_caches || true
run cat sh -c "find '$DATA/audits' -name '*.json' -print0 | xargs -0 cat > /dev/null"

echo "== caseaudit report, cold (no .cache)"
rm -rf "$DATA/.cache"
drop_caches || true
run cold "$BIN" report --data "$DATA"
# Files changed in the last seconds are not trusted to the cache (racily clean): let them age.
sleep 3
"$BIN" report --data "$DATA" >/dev/null

echo "== caseaudit report, warm (nothing changed), best of 3"
best warm 3 "$BIN" report --data "$DATA"

echo "== caseaudit report after one audit file changed, best of 3 (each run changes another file)"
changed_e=999; changed_u=0; changed_s=0; changed_m=0
for f in $(find "$DATA/audits" -name '*.json' | sort | head -3); do
    sed -i 's/"team" : "/"team" : "X/' "$f"
    run ch "$BIN" report --data "$DATA"
    if awk "BEGIN{exit !($ch_e < $changed_e)}"; then changed_e=$ch_e; changed_u=$ch_u; changed_s=$ch_s; fi
    [ "$ch_m" -gt "$changed_m" ] && changed_m=$ch_m
    sed -i 's/"team" : "X/"team" : "/' "$f"
done
sleep 3
"$BIN" report --data "$DATA" >/dev/null

echo "== grades and audits, warm"
best grades 2 "$BIN" grades --data "$DATA" --section plan
best audits 2 "$BIN" audits --data "$DATA" --measure plan-quality --by year

echo "== export, every level and format"
for level in audit section answer; do
    for format in csv jsonl; do
        best "exp_${level}_${format}" 1 "$BIN" export --data "$DATA" --level "$level" --format "$format"
    done
done

echo "== validate"
best validate 1 "$BIN" validate --data "$DATA"

ui_open=999; ui_keys=0; ui_med=999; ui_p95=999; ui_max="-"
if [ -z "${NO_UI:-}" ]; then
echo "== interface on a pseudo-terminal, 100x30, warm cache (Scripts/bench-interface.sh)"
UIT=$(mktemp)
BIN="$BIN" DATA="$DATA" RUNS=timed bash Scripts/bench-interface.sh > "$UIT" || true
sed 's/^/   /' "$UIT"
ui_open=$(sed -n 's/^ui open *= \([0-9.]*\) s.*/\1/p' "$UIT"); [ -n "$ui_open" ] || ui_open=999
ui_keys=$(sed -n 's/^ui keys *= \([0-9]*\) keys.*/\1/p' "$UIT"); [ -n "$ui_keys" ] || ui_keys=0
ui_med=$(sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' "$UIT"); [ -n "$ui_med" ] || ui_med=999
ui_p95=$(sed -n 's/.*p95 \([0-9.]*\) ms.*/\1/p' "$UIT"); [ -n "$ui_p95" ] || ui_p95=999
ui_max=$(sed -n 's/.*slowest \(.*\) (target.*/\1/p' "$UIT"); [ -n "$ui_max" ] || ui_max="-"
rm -f "$UIT"

fi

row "report, cold" cold 1.5
row "report, warm (best of 3)" warm 0.1
row "report, one file changed" changed 0.15
row "grades, warm" grades 0.1
row "audits, warm" audits 0.1
for level in audit section answer; do
    for format in csv jsonl; do
        row "export $level $format" "exp_${level}_${format}" 2
    done
done
row "validate" validate 3
mem_ok=$(pass "$PEAK < 300*1024")
open_ok=$(pass "$ui_open < 0.5")
key_ok=$(pass "$ui_p95 < 16")

cat <<EOF

caseaudit benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')
machine:   $(nproc) cores, $(awk '/model name/{$1=$2=$3="";print;exit}' /proc/cpuinfo | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(df -T "$DATA" | awk 'NR==2{print $2}') on $(df "$DATA" | awk 'NR==2{print $1}')
load:      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end
data:      $FILES audit files, $((BYTES / 1024 / 1024)) MiB, from $GENERATOR
cache:     $CACHE

                               elapsed      user       sys     peak     / cat
cat (find | xargs)           ${cat_e} s  ${cat_u} s  ${cat_s} s
${ROWS}
peak memory  = $((PEAK / 1024)) MB (target < 300 MB)  $mem_ok
ui open      = ${ui_open} s (target < 0.5 s)   $open_ok
ui keys      = ${ui_keys} keys, median ${ui_med} ms, p95 ${ui_p95} ms (target < 16 ms)   $key_ok   (slowest ${ui_max})
EOF
! grep -q MISSED <<< "$ROWS$mem_ok$open_ok$key_ok"
