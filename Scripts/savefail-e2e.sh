#!/usr/bin/env bash
# End-to-end test of a full disk under the terminal interface (issue 14, point 1: a failed save is
# never silent). Demo data on a 2 MB tmpfs; in tmux: create an audit, answer one question, fill
# the disk, answer two more. The lasting "NOT SAVED" message must show and stay, quitting must
# ask, and after freeing the space `s` must store all three answers with an intact history, then
# quit with 0. A second run leaves anyway and must end with 74 and a line on standard error; a
# third gets SIGHUP with the disk full and must end 74 too. Needs root (or a user allowed to
# mount tmpfs); elsewhere it prints SKIP and exits 0. Screens go to $WORK/screens.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

swift build 2>&1 | tail -1
BIN="$(swift build --show-bin-path)/caseaudit"
TEMPLATES="$ROOT/AuditTemplates"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/caseaudit-savefail.XXXXXX")"
MNT="$WORK/mnt"
DATA="$MNT/data"
SCREENS="$WORK/screens"
# The keys below were written for version 1 of the templates (AuditTemplates/versions/), whose
# first question is the chronology's; version 2 opens with the escalation question.
TEMPLATES_V1="$WORK/templates-v1"
SOCKET="caseaudit-savefail-$$"
SESSION="savefail"
mkdir -p "$MNT" "$SCREENS"
# shellcheck source=Scripts/e2e-lib.sh
source "$ROOT/Scripts/e2e-lib.sh"
version1_templates "$TEMPLATES" "$TEMPLATES_V1"
TEMPLATES="$TEMPLATES_V1"

MOUNTED=0
cleanup() {
    tm kill-server 2>/dev/null || true
    if [[ $MOUNTED == 1 ]]; then
        # The pane's shell may still hold the folder for a moment.
        umount "$MNT" 2>/dev/null || { sleep 1; umount "$MNT" 2>/dev/null || umount -l "$MNT" || true; }
    fi
    if [[ "${KEEP_WORK:-}" != "" ]]; then echo "kept $WORK"; return 0; fi
    rm -rf "$WORK" 2>/dev/null || { sleep 1; rm -rf "$WORK" || true; }
}
trap cleanup EXIT

if ! err="$(mount -t tmpfs -o size=2m tmpfs "$MNT" 2>&1)"; then
    echo "SKIP: cannot mount tmpfs (${err:-mount failed}); run as root to test a full disk"
    exit 0
fi
MOUNTED=1

# Waits for the editor's Chronology row to show PROGRESS answered (e.g. "1/6").
wait_for_chronology() {
    local i
    for ((i = 0; i < 200; i++)); do
        if grep -qE -- "^ Chronology +$1" <<<"$(screen)"; then return 0; fi
        sleep 0.05
    done
    fail "waited 10s for the Chronology row to show $1"
}

# Fails unless the pane shows TEXT now.
shows() { grep -qF -- "$1" <<<"$(screen)" || fail "not on screen: $1"; }

# Runs caseaudit in the pane; its pid goes to $WORK/pid and its exit status is printed as EXIT=n.
run_caseaudit() {
    rm -f "$WORK/pid"
    keys C-l
    type_text "sh -c 'echo \$\$ > $WORK/pid; exec $BIN --data $DATA --templates $TEMPLATES'; echo EXIT=\$?"
    keys Enter
    local i
    for ((i = 0; i < 100; i++)); do [[ -s "$WORK/pid" ]] && break; sleep 0.05; done
    [[ -s "$WORK/pid" ]] || fail "caseaudit did not start"
    wait_for_start
}

# A new child-journey-lac audit for case CASE_REF, left open in the editor.
new_audit() {
    keys n
    wait_for "Choose a template:"
    keys j Enter
    wait_for "step 2 of 2: details"
    type_text "$1"; keys Enter Enter
    type_text "Full Disk Team"; keys Enter
    type_text "Worker Example"; keys Enter Enter Enter
    wait_for "Audit $1"
}

# The id of the audit for case CASE_REF, from the files.
audit_id() {
    python3 - "$DATA" "$1" <<'PY'
import glob, json, sys
ids = [a["id"] for a in (json.load(open(f, encoding="utf-8")) for f in glob.glob(sys.argv[1] + "/audits/*.json"))
       if a.get("case_ref") == sys.argv[2]]
assert len(ids) == 1, f"expected one audit of {sys.argv[2]}, found {len(ids)}"
print(ids[0])
PY
}

# The number of answered questions in audit ID's file.
answers_on_disk() {
    python3 - "$DATA/audits/$1.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))
print(sum(1 for s in a.get("sections", {}).values() for r in s.get("answers", {}).values() if "answer" in r))
PY
}

expect_answers() {
    local got
    got="$(answers_on_disk "$1")"
    [[ "$got" == "$2" ]] || fail "audit $1 holds $got answers on disk, expected $2"
}

fill_disk() {
    dd if=/dev/zero of="$MNT/filler" bs=16k 2>/dev/null || true
    local avail
    avail="$(df --output=avail -k "$MNT" | tail -1 | tr -d ' ')"
    [[ "$avail" == 0 ]] || fail "the tmpfs still has ${avail} KB free"
}

free_disk() { rm -f "$MNT/filler"; }

# ---------------------------------------------------------------------------------------------

step "demo data on a 2 MB tmpfs"
"$BIN" demo --data "$DATA" --templates "$TEMPLATES" --audits 40 --seed 14 >/dev/null
df -h "$MNT" | tail -1
start_shell

step "an audit with one answer saved"
run_caseaudit
new_audit "CR-FULL-0001"
ID="$(audit_id CR-FULL-0001)"
keys y
wait_for_chronology 1/
sleep 0.3
expect_answers "$ID" 1

step "the disk fills; two more answers are not saved and the message says so"
fill_disk
keys y y
wait_for "NOT SAVED to $DATA/audits/$ID.json"
wait_for "No space left on device"
wait_for "press s to try again"
save_screen not-saved
expect_answers "$ID" 1
# Keys that change nothing leave it where it is (the bug: the next key cleared it).
keys j k g g
sleep 0.3
shows "NOT SAVED to"
grep -qE "^ Chronology +3/" <<<"$(screen)" || fail "the kept answers are not shown"

step "quitting asks first, and staying keeps the change"
keys q
wait_for "Changes not saved"
wait_for "y    leave anyway: the unsaved changes are lost"
save_screen leave-question
keys Escape
wait_gone "Changes not saved"
shows "NOT SAVED to"
shows "Audit CR-FULL-0001"

step "space freed: s saves all three answers and the history is intact"
free_disk
keys s
wait_for "Saved: every change to this audit is on disk"
wait_gone "NOT SAVED"
save_screen saved-again
expect_answers "$ID" 3
"$BIN" history "$ID" --verify --data "$DATA" --templates "$TEMPLATES" > "$WORK/verify.txt" \
    || { cat "$WORK/verify.txt"; fail "history --verify of $ID failed"; }
grep -q "chain intact" "$WORK/verify.txt" || { cat "$WORK/verify.txt"; fail "history --verify did not say the chain is intact"; }
cat "$WORK/verify.txt"

step "quit: nothing unsaved, exit 0"
keys Escape
wait_for "caseaudit · Audits"
keys Escape
wait_for "caseaudit · Dashboard"
keys q
wait_for "EXIT=0"
if grep -q "NOT saved" <<<"$(screen)"; then fail "a warning after a clean quit"; fi

# ---------------------------------------------------------------------------------------------
step "second run: the user leaves anyway; exit 74 and a line on standard error"
run_caseaudit
new_audit "CR-FULL-0002"
ID2="$(audit_id CR-FULL-0002)"
keys y
wait_for_chronology 1/
sleep 0.3
fill_disk
keys y y
wait_for "NOT SAVED to $DATA/audits/$ID2.json"
keys q
wait_for "Changes not saved"
keys y
wait_for "caseaudit · Audits"
keys Escape
wait_for "caseaudit · Dashboard"
keys q
wait_for "EXIT=74"
# The line is longer than the pane: read it with the pane's line breaks taken out.
joined="$(screen | tr -d '\n')"
[[ "$joined" == *"caseaudit: changes to audit $ID2 were NOT saved (cannot write: No space left on device)"* ]] \
    || fail "no line on standard error saying the changes to $ID2 were not saved"
save_screen left-anyway
expect_answers "$ID2" 1
free_disk

# ---------------------------------------------------------------------------------------------
step "third run: SIGHUP with the disk full; exit 74 and a line on standard error"
run_caseaudit
new_audit "CR-FULL-0003"
ID3="$(audit_id CR-FULL-0003)"
keys y
wait_for_chronology 1/
sleep 0.3
fill_disk
keys y
wait_for "NOT SAVED to $DATA/audits/$ID3.json"
kill -HUP "$(cat "$WORK/pid")"
wait_for "EXIT=74"
wait_for "caseaudit: changes to audit $ID3 were NOT saved"
save_screen sighup-full
expect_answers "$ID3" 1
free_disk

echo "PASS: savefail-e2e (screens in $SCREENS)"
