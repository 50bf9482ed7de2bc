#!/usr/bin/env bash
# End-to-end walkthrough of the reports screen in tmux, on demo data: team grouping narrowed to a
# chosen financial-year quarter (p), moved back and forward ([ and ]), a drill-down into a team
# row that must list as many audits as `caseaudit audits --measure ... --by team --from --to
# --period TEAM` prints, Esc back to the same grouping, period and row; then agreement by
# auditor (a); then the template grouping in the same quarter, its first row's counts equal to
# `caseaudit report --by template --from --to` and its drill-down to `caseaudit audits --by
# template --period ID`. Screens are saved to $WORK/screens (KEEP_WORK=1 keeps them).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# shellcheck source=Scripts/e2e-lib.sh
source "$ROOT/Scripts/e2e-lib.sh"
e2e_start reports e2e
TEMPLATES="$ROOT/AuditTemplates"

# The first month of the financial-year quarter holding YYYY-MM, and its label (`FY2026-27 Q3`),
# worked out here independently of the program.
quarter_of() {
    local y=$((10#${1%-*})) m=$((10#${1#*-})) start fy q
    start=$(( (m - 1) / 3 * 3 + 1 ))
    if (( m >= 4 )); then fy=$y; q=$(( (m - 4) / 3 + 1 )); else fy=$((y - 1)); q=4; fi
    printf '%04d-%02d FY%d-%02d Q%d\n' "$y" "$start" "$fy" $(((fy + 1) % 100)) "$q"
}
# YYYY-MM moved by N months.
add_months() {
    local y=$((10#${1%-*})) m=$((10#${1#*-})) n="$2" o
    o=$((y * 12 + m - 1 + n))
    printf '%04d-%02d\n' $((o / 12)) $((o % 12 + 1))
}

# ---------------------------------------------------------------------------------------------

step "demo data: 300 audits, seed 3"
"$BIN" demo --data "$DATA" --templates "$TEMPLATES" --audits 300 --seed 3 >"$WORK/demo.out" 2>&1 \
    || { cat "$WORK/demo.out"; echo "FAIL: demo did not run"; exit 1; }

# The interface's latest period is this month (the demo ends with it): its quarter is partial;
# the quarter before it is the chosen one.
THIS_MONTH="$(date +%Y-%m)"
read -r CUR_START CUR_LABEL <<<"$(quarter_of "$THIS_MONTH")"
PREV_START="$(add_months "$CUR_START" -3)"
PREV_END="$(add_months "$CUR_START" -1)"
read -r _ PREV_LABEL <<<"$(quarter_of "$PREV_START")"
BEFORE_LABEL="$(quarter_of "$(add_months "$PREV_START" -3)" | cut -d' ' -f2-)"
echo "   current quarter $CUR_LABEL, chosen $PREV_LABEL ($PREV_START to $PREV_END), before it $BEFORE_LABEL"

start_shell
type_text "$BIN --data $DATA --templates $TEMPLATES; echo EXIT=\$?"
keys Enter
wait_for "caseaudit · Dashboard" 20

step "reports screen, team grouping"
keys r
wait_for "caseaudit · Reports"
keys b b b
wait_for "by team · "
save_screen reports-by-team

step "narrowed to a quarter: the current one is partial"
keys p
wait_for "by team · $THIS_MONTH (partial)"
keys p
wait_for "by team · $CUR_LABEL (partial)"
grep -qF "p period" <<<"$(screen)" || fail "footer lacks the period key"
grep -qF "[ ] move" <<<"$(screen)" || fail "footer lacks [ ] once narrowed"
save_screen reports-team-current-quarter

step "back and forward"
keys '['
wait_for "by team · $PREV_LABEL"
grep -qF "(partial)" <<<"$(screen | head -1)" && fail "$PREV_LABEL is over but marked partial"
keys '['
wait_for "by team · $BEFORE_LABEL"
keys ']'
wait_for "by team · $PREV_LABEL"
grep -qE "prev +[-+]?[0-9]+\.[0-9]" <<<"$(screen)" || fail "no change from the period before on the rows"
save_screen reports-team-chosen-quarter

step "drill down into the second team row of the first measure"
# The second row: the selection must come back to it, not to the first.
TEAM="$(screen | awk 'NR > 2 && /^   [^ ]/ { n++; if (n == 2) { sub(/^   /, ""); sub(/ +[0-9]+\.[0-9]%.*$/, ""); print; exit } }')"
[[ -n "$TEAM" ]] || fail "no second team row"
MEASURE="$(python3 - "$DATA/measures.yaml" <<'PY'
import re, sys
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"\s*-\s*id:\s*(\S+)", line)
    if m:
        print(m.group(1)); break
PY
)"
[[ -n "$MEASURE" ]] || fail "no measure id in $DATA/measures.yaml"
echo "   team '$TEAM', measure $MEASURE"
keys j Enter
wait_for "caseaudit · Audits"
wait_for "behind: $TEAM"
SHOWN="$(screen | sed -nE 's/^ ([0-9]+) audits? behind the figure.*/\1/p')"
[[ -n "$SHOWN" ]] || fail "the drill-down does not say how many audits it lists"
"$BIN" audits --data "$DATA" --templates "$TEMPLATES" --measure "$MEASURE" --by team \
    --from "$PREV_START" --to "$PREV_END" --period "$TEAM" --format csv >"$WORK/behind.csv"
EXPECTED="$(python3 -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8"))) - 1)' "$WORK/behind.csv")"
echo "   listed $SHOWN, caseaudit audits gives $EXPECTED"
[[ "$SHOWN" == "$EXPECTED" ]] || fail "drill-down lists $SHOWN audits, caseaudit audits lists $EXPECTED"
save_screen drill-down

step "Esc: the same grouping, period and row"
keys Escape
wait_for "by team · $PREV_LABEL"
# Enter again opens the same figure: the selection stayed on the row.
keys Enter
wait_for "behind: $TEAM"
keys Escape
wait_for "by team · $PREV_LABEL"

step "agreement by auditor"
keys a
wait_for "agreement by auditor" 10
# The audits are read for it in the background after the first screen.
wait_gone "Reading the moderated grades" 20
grep -qF "Moved up" <<<"$(screen)" || grep -qF "caseaudit moderate FILE.csv" <<<"$(screen)" \
    || fail "agreement view shows neither the table nor how to moderate"
if grep -qF "Moved up" <<<"$(screen)"; then
    grep -qE "^ all +[0-9]+ " <<<"$(screen)" || fail "agreement table has no 'all' row"
    grep -qF "by team" <<<"$(screen | head -1)" && fail "still on the measures"
fi
grep -qF "$PREV_LABEL" <<<"$(screen | head -1)" || fail "agreement view is not narrowed to $PREV_LABEL"
save_screen agreement
keys Escape
wait_for "by team · $PREV_LABEL"

step "template grouping, the same quarter"
keys b b
wait_for "by template · $PREV_LABEL"
save_screen reports-template-quarter
# The first row: the first measure's first template, by id.
read -r TEMPLATE SHOWN_COUNTS <<<"$(screen | awk 'NR > 2 && /^   [^ ]/ { sub(/^   /, ""); t = $1; for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+\/[0-9]+$/) { print t, $i "/" $(i + 2); exit } }')"
[[ -n "$TEMPLATE" ]] || fail "no template row"
grep -qF "$TEMPLATE: " <<<"$(screen)" || fail "the status line does not name $TEMPLATE by its title"
"$BIN" report --data "$DATA" --templates "$TEMPLATES" --measure "$MEASURE" --by template \
    --from "$PREV_START" --to "$PREV_END" --format csv >"$WORK/template.csv"
REPORTED="$(python3 - "$WORK/template.csv" "$TEMPLATE" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["period"] == sys.argv[2]:
        print(f"{r['good_or_better']}/{r['graded']}/{r['audits']}")
PY
)"
echo "   $TEMPLATE: screen $SHOWN_COUNTS, caseaudit report $REPORTED"
[[ "$SHOWN_COUNTS" == "$REPORTED" ]] || fail "template row shows $SHOWN_COUNTS, report --by template gives $REPORTED"
keys Enter
wait_for "behind: $TEMPLATE"
SHOWN="$(screen | sed -nE 's/^ ([0-9]+) audits? behind the figure.*/\1/p')"
"$BIN" audits --data "$DATA" --templates "$TEMPLATES" --measure "$MEASURE" --by template \
    --from "$PREV_START" --to "$PREV_END" --period "$TEMPLATE" --format csv >"$WORK/template-behind.csv"
EXPECTED="$(python3 -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8"))) - 1)' "$WORK/template-behind.csv")"
echo "   listed $SHOWN, caseaudit audits gives $EXPECTED"
[[ "$SHOWN" == "$EXPECTED" ]] || fail "template drill-down lists $SHOWN audits, caseaudit audits lists $EXPECTED"
save_screen template-drill-down
keys Escape
wait_for "by template · $PREV_LABEL"

step "quit"
keys Escape q
wait_for "EXIT=0"
echo "PASS: reports walkthrough"
