#!/usr/bin/env bash
# Measures caseaudit against product.md section 8, side by side in one run:
#   cold report   <= 2 x the time `cat` takes to read every audit file
#   warm report   <  0.1 s when nothing changed since the last run
#   peak memory   <  300 MB
#   interface     opens in < 0.5 s, answers a key in < 16 ms (driven in tmux; CASEAUDIT_TIMING=FILE
#                 makes it append the open time and each key's time to FILE). It answers two
#                 draft questions, so one audit in the data directory is changed afterwards.
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
echo "== caseaudit report, warm without the folder watcher (CASEAUDIT_WATCH=0: every file statted), best of 3"
nowatch_e=999
for _ in 1 2 3; do
    CASEAUDIT_WATCH=0 run nw "$BIN" report --data "$DATA"
    if awk "BEGIN{exit !($nw_e < $nowatch_e)}"; then nowatch_e=$nw_e; nowatch_u=$nw_u; nowatch_s=$nw_s; fi
done
echo "   phases of one warm run:"
CASEAUDIT_TIMING=1 "$BIN" report --data "$DATA" 2>&1 >/dev/null | grep '^timing' | sed 's/^/   /'

echo "== interface in tmux, 100x30, warm cache: open, l, j x50, /status:draft, open an audit, answer, back"
command -v tmux >/dev/null || { echo "bench.sh: tmux is needed for the interface figures" >&2; exit 2; }
UIT=$(mktemp); SOCK="caseaudit-bench-$$"
tmx() { tmux -L "$SOCK" -f /dev/null "$@"; }
lines() { wc -l < "$UIT"; }
# Waits until the timing file has N lines (each presented screen adds one), at most 30 s.
wait_lines() { for _ in $(seq 3000); do [ "$(lines)" -ge "$1" ] && return 0; sleep 0.01; done; echo "   (no screen after 30 s)"; return 1; }
# One key at a time, each only after the previous screen was presented, so no key waits in the queue.
key() { local n; n=$(lines); tmx send-keys -t ui "$@"; wait_lines $((n + 1)) || true; }
tmx new-session -d -s ui -x 100 -y 30 \
    "env TERM=xterm-256color CASEAUDIT_TIMING='$UIT' CASEAUDIT_TEMPLATES='$CASEAUDIT_TEMPLATES' '$BIN' --data '$DATA'; sleep 1"
wait_lines 1 || true
key l
for _ in $(seq 50); do key j; done
key -l /
for ch in s t a t u s : d r a f t; do key -l "$ch"; done
key Enter; key Enter
for _ in 1 2 3; do key j; done
key -l y; key j; key -l n; key Escape; key Escape; tmx send-keys -t ui -l q   # quits: no screen follows
sleep 1; tmx kill-server 2>/dev/null || true
ui_open=$(awk '$1=="open"{printf "%.3f", $2/1000; exit}' "$UIT")
[ -n "$ui_open" ] || ui_open=999
ui_keys=$(grep -c '^key' "$UIT" || true)
ui_med=$(awk '$1=="key"{print $3}' "$UIT" | sort -n | awk '{a[NR]=$1} END{if(NR) printf "%.2f", a[int((NR+1)/2)]; else print 999}')
ui_p95=$(awk '$1=="key"{print $3}' "$UIT" | sort -n | awk '{a[NR]=$1} END{if(NR){i=int(NR*0.95+0.999); if(i>NR)i=NR; printf "%.2f", a[i]} else print 999}')
ui_max=$(awk '$1=="key"{print $3, $2}' "$UIT" | sort -n | tail -1 | awk '{print $1 " ms, " $2}')
rm -f "$UIT"

peak=$(( cold_m > warm_m ? cold_m : warm_m ))
ratio=$(awk "BEGIN{printf \"%.2f\", $cold_e / ($cat_e > 0 ? $cat_e : 0.001)}")
pass() { if awk "BEGIN{exit !($1)}"; then echo "ok"; else echo "MISSED"; fi; }
cold_ok=$(pass "$ratio <= 2")
warm_ok=$(pass "$warm_e < 0.1")
mem_ok=$(pass "$peak < 300*1024")
open_ok=$(pass "$ui_open < 0.5")
key_ok=$(pass "$ui_p95 < 16")

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
report, warm, no watcher ${nowatch_e} s  ${nowatch_u} s  ${nowatch_s} s   (CASEAUDIT_WATCH=0: every file statted)
stat floor (find)     ${stat_e} s  ${stat_u} s  ${stat_s} s   (what statting every file costs, the check without the watcher)
start floor           ${start_e} s                  (caseaudit --version)

cold / cat   = ${ratio}   (target <= 2)      $cold_ok
warm         = ${warm_e} s (target < 0.1 s)   $warm_ok   (ratio $(awk "BEGIN{printf \"%.2f\", $warm_e / 0.1}"); without the watcher ${nowatch_e} s)
peak memory  = $((peak / 1024)) MB (target < 300 MB)  $mem_ok
ui open      = ${ui_open} s (target < 0.5 s)   $open_ok   (ratio $(awk "BEGIN{printf \"%.2f\", $ui_open / 0.5}"))
ui keys      = ${ui_keys} keys, median ${ui_med} ms, p95 ${ui_p95} ms (target < 16 ms)   $key_ok   (p95 ratio $(awk "BEGIN{printf \"%.2f\", $ui_p95 / 16}"); slowest ${ui_max})
EOF
[ "$cold_ok$warm_ok$mem_ok$open_ok$key_ok" = "okokokokok" ]
