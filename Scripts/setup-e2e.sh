#!/usr/bin/env bash
# End-to-end test of issue 13's set-up in tmux (100x30, its own socket): the first run on an
# empty data folder shows the first-run screen; a new audit takes its team from teams.yaml's
# list; a draft is deleted from the list (asked first), leaves it, and keeps its history file,
# which `caseaudit validate` accepts. Prints a FAIL line and exits 1 on the first failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# shellcheck source=Scripts/e2e-lib.sh
source "$ROOT/Scripts/e2e-lib.sh"
e2e_start setup setup
TEMPLATES="$ROOT/AuditTemplates"

run_caseaudit() {
    rm -f "$WORK/pid"
    keys C-l
    type_text "sh -c 'echo \$\$ > $WORK/pid; exec $BIN --data $DATA --templates $TEMPLATES'; echo EXIT=\$?"
    keys Enter
    local i
    for ((i = 0; i < 100; i++)); do [[ -s "$WORK/pid" ]] && break; sleep 0.05; done
    [[ -s "$WORK/pid" ]] || fail "caseaudit did not start"
}

# The one audit file's value for KEY (the data folder holds at most one audit here).
audit_value() {
    python3 - "$DATA" "$1" <<'PY'
import glob, json, sys
files = glob.glob(sys.argv[1] + "/audits/*.json")
print(json.load(open(files[0])).get(sys.argv[2], "") if len(files) == 1 else f"{len(files)} audit files")
PY
}

start_shell

# ---------------------------------------------------------------------------------------------
step "first run on an empty data folder: what the program is, n to start, caseaudit demo"
mkdir -p "$DATA"
printf '# The teams of this council, one a line\n- Hillside\n- North Team\n- Riverside\n' > "$DATA/teams.yaml"
run_caseaudit
wait_for "caseaudit · Welcome"
wait_for "caseaudit runs children's services' monthly case-file audits"
wait_for "Press n to start your first audit."
wait_for "caseaudit demo"
wait_for "Teams: picked from teams.yaml in the data folder (3 listed)."
if grep -qF "none graded" <<<"$(screen)"; then fail "measures shown on the first-run screen"; fi
save_screen first-run

# ---------------------------------------------------------------------------------------------
step "a new audit with the team picked from the list"
keys n
wait_for "Choose a template:"
keys Enter                               # child-journey, the first template
wait_for "step 2 of 2: details"
type_text "CR-SETUP-0001"; keys Enter
keys Enter                               # cohort: CIN
wait_for "▸ Team"
keys Enter                               # an empty team opens the picker
wait_for "Team (teams.yaml)"
wait_for "+ Add a new team…"
save_screen team-picker
keys j Enter                             # Hillside -> North Team
wait_for "Team            North Team"
wait_for "▸ Worker"
keys Down Down Down                      # worker, month, auditor
wait_for "▸ Auditor"
keys Enter
wait_for "Audit CR-SETUP-0001 · CIN · North Team"
keys y
sleep 0.3
[[ "$(audit_value team)" == "North Team" ]] || fail "team saved as: $(audit_value team)"
[[ "$(audit_value status)" == "draft" ]] || fail "status: $(audit_value status)"
ID="$(audit_value id)"
echo "draft $ID saved with team North Team"

# ---------------------------------------------------------------------------------------------
step "the draft deleted from the list: asked first, gone from the list, its history kept"
keys Escape
wait_for "caseaudit · Audits"
wait_for "CR-SETUP-0001"
wait_for "D delete draft"
keys D
wait_for "Delete this draft?"
wait_for "Case CR-SETUP-0001 · child-journey"
save_screen delete-question
keys n
wait_for "Nothing deleted"
[[ -f "$DATA/audits/$ID.json" ]] || fail "n deleted the draft"
keys D
wait_for "Delete this draft?"
keys y
wait_for "Deleted the draft of case CR-SETUP-0001 (child-journey); its history is kept"
wait_for "No audits yet. Press n to start one."
[[ ! -e "$DATA/audits/$ID.json" ]] || fail "the audit file is still there"
[[ -f "$DATA/history/$ID.jsonl" ]] || fail "the history file is gone"
last_action="$(tail -1 "$DATA/history/$ID.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["action"])')"
[[ "$last_action" == "delete" ]] || fail "the history's last entry is $last_action, not delete"
[[ ! -e "$DATA/locks/$ID.lock" ]] || fail "the lock taken to delete was left behind"
keys Escape
wait_for "caseaudit · Welcome"               # no audits again: the first-run screen
keys q
wait_for "EXIT=0"

step "validate accepts the kept history (no orphan, no broken chain)"
set +e
"$BIN" validate --data "$DATA" --templates "$TEMPLATES" > "$WORK/validate.txt" 2>&1
status=$?
set -e
[[ $status -eq 0 ]] || { cat "$WORK/validate.txt"; fail "validate exited $status"; }
if grep -qE "missing but has a history|history" "$WORK/validate.txt"; then cat "$WORK/validate.txt"; fail "validate names the history"; fi
"$BIN" history "$ID" --verify --data "$DATA" > "$WORK/verify.txt" 2>&1 || { cat "$WORK/verify.txt"; fail "history --verify failed"; }
grep -qF "chain intact" "$WORK/verify.txt" || { cat "$WORK/verify.txt"; fail "history --verify"; }

echo "PASS: setup-e2e (screens in $SCREENS)"
