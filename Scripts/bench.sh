#!/usr/bin/env bash
# Measures `caseaudit report` against product.md section 8, side by side in one run:
#   cold report   <= 2 x the time `cat` takes to read every audit file
#   warm report   <  0.1 s when nothing changed since the last run
#   peak memory   <  300 MB
#
# usage: Scripts/bench.sh [AUDITS] [SEED]        (defaults: 100000 1)
# env:   KEEP=1 keeps the data directory; DATA=DIR reuses one already filled.
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
    "$TIME" -f "%e %U %S %M" -o "$out" "$@" >/dev/null
    read -r e u s m < "$out"
    rm -f "$out"
    printf -v "${name}_e" '%s' "$e"; printf -v "${name}_u" '%s' "$u"
    printf -v "${name}_s" '%s' "$s"; printf -v "${name}_m" '%s' "$m"
}

echo "== cat of every audit file"
drop_caches || true
run cat sh -c "find '$DATA/audits' -name '*.json' -print0 | xargs -0 cat > /dev/null"

echo "== caseaudit report, cold (no .cache)"
rm -rf "$DATA/.cache"
drop_caches || true
run cold "$BIN" report --data "$DATA"

echo "== floors: stat of every file (find -printf), program start (caseaudit --version), best of 3"
stat_e=999; start_e=999
for _ in 1 2 3; do
    run st sh -c "find '$DATA/audits' -name '*.json' -printf '%s %T@ %C@ %i\\n' > /dev/null"
    if awk "BEGIN{exit !($st_e < $stat_e)}"; then stat_e=$st_e; stat_u=$st_u; stat_s=$st_s; fi
    run sv "$BIN" --version
    if awk "BEGIN{exit !($sv_e < $start_e)}"; then start_e=$sv_e; fi
done

echo "== caseaudit report, warm (nothing changed), best of 3"
warm_e=999
for _ in 1 2 3; do
    run w "$BIN" report --data "$DATA"
    if awk "BEGIN{exit !($w_e < $warm_e)}"; then warm_e=$w_e; warm_u=$w_u; warm_s=$w_s; warm_m=$w_m; fi
done
echo "   phases of one warm run:"
CASEAUDIT_TIMING=1 "$BIN" report --data "$DATA" 2>&1 >/dev/null | grep '^timing' | sed 's/^/   /'

peak=$(( cold_m > warm_m ? cold_m : warm_m ))
ratio=$(awk "BEGIN{printf \"%.2f\", $cold_e / ($cat_e > 0 ? $cat_e : 0.001)}")
pass() { if awk "BEGIN{exit !($1)}"; then echo "ok"; else echo "MISSED"; fi; }
cold_ok=$(pass "$ratio <= 2")
warm_ok=$(pass "$warm_e < 0.1")
mem_ok=$(pass "$peak < 300*1024")

cat <<EOF

caseaudit benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')
machine:   $(nproc) cores, $(awk '/model name/{$1=$2=$3="";print;exit}' /proc/cpuinfo | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(df -T "$DATA" | awk 'NR==2{print $2}') on $(df "$DATA" | awk 'NR==2{print $1}')
load:      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end
data:      $FILES audit files, $((BYTES / 1024 / 1024)) MiB, from $GENERATOR
cache:     $CACHE

                      elapsed   user    sys     peak RSS
cat (find | xargs)    ${cat_e} s  ${cat_u} s  ${cat_s} s
report, cold          ${cold_e} s  ${cold_u} s  ${cold_s} s  $((cold_m / 1024)) MB
report, warm (best)   ${warm_e} s  ${warm_u} s  ${warm_s} s  $((warm_m / 1024)) MB
stat floor (find)     ${stat_e} s  ${stat_u} s  ${stat_s} s   (what any never-stale check costs)
start floor           ${start_e} s                  (caseaudit --version)

cold / cat   = ${ratio}   (target <= 2)      $cold_ok
warm         = ${warm_e} s (target < 0.1 s)   $warm_ok   (warm / stat floor = $(awk "BEGIN{printf \"%.2f\", $warm_e / ($stat_e > 0 ? $stat_e : 0.001)}"))
peak memory  = $((peak / 1024)) MB (target < 300 MB)  $mem_ok
EOF
[ "$cold_ok$warm_ok$mem_ok" = "okokok" ]
