#!/usr/bin/env bash
# End-to-end test of the audit editor in tmux (issue 13): a UK date typed into a date question is
# stored as ISO; a grade undone with `u` is gone on screen and in the file; a draft left and
# reopened opens where it was left; `c` shows what completing records, asks once, and only `y`
# completes. A second user in another pane sees the first one's saves without a key, and is
# refused an amendment the first one has started before typing anything. A two-question template
# of its own keeps the walk short. Screens go to $WORK/screens.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# shellcheck source=Scripts/e2e-lib.sh
source "$ROOT/Scripts/e2e-lib.sh"
e2e_start editor editor
TEMPLATES="$WORK/templates"
mkdir -p "$TEMPLATES/defaults"

cp "$ROOT/AuditTemplates/defaults/measures.yaml" "$TEMPLATES/defaults/"
cat > "$TEMPLATES/e2e-short.yaml" <<'YAML'
id: e2e-short
title: Short audit for the editor walkthrough
version: 1
description: One graded section with a date and a Yes/No question, so the walk reaches a date, a grade and completion quickly.
cohorts: [LAC]
sections:
  - id: supervision
    title: Management oversight
    guidance: Read the supervision records.
    graded: true
    questions:
      - id: last-supervision
        text: Date of the last supervision
        type: date
      - id: supervision-regular
        text: Is supervision regular?
        type: answer
YAML

# The one audit file's field at a Python expression PATH (a is the audit), printed.
field() {
    local files=("$DATA"/audits/*.json)
    [[ ${#files[@]} -eq 1 && -f "${files[0]}" ]] || fail "expected one audit file, found ${#files[@]}"
    python3 - "${files[0]}" "$1" <<'PY'
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))
try:
    print(eval(sys.argv[2], {"a": a}))
except (KeyError, IndexError, TypeError):
    print("<absent>")
PY
}

# Waits until the audit file's field PATH prints WANT (saves run in the background).
wait_field() {
    local path="$1" want="$2" got="" i
    for ((i = 0; i < 100; i++)); do
        got="$(field "$path")"
        [[ "$got" == "$want" ]] && return 0
        sleep 0.05
    done
    fail "in the audit file, $path is $got, want $want"
}

# Waits for the editor's section row: the title (a prefix, as narrow columns cut it), its
# progress and (optional) grade.
wait_for_section() {
    local pattern="^ Management o[^│]* $1" i
    [[ -n "${2:-}" ]] && pattern+=" +$2( |$)"
    for ((i = 0; i < 200; i++)); do
        if grep -qE -- "$pattern" <<<"$(screen)"; then return 0; fi
        sleep 0.05
    done
    fail "waited 10s for the section row: Management oversight $1 ${2:-}"
}

# The helpers act on the pane named by SESSION: the auditor's, or the second user's.
as_auditor() { SESSION="editor"; }
as_viewer() { SESSION="viewer"; }

run_caseaudit() {
    keys C-l
    type_text "$BIN --data $DATA --templates $TEMPLATES; echo EXIT=\$?"
    keys Enter
    # The dashboard, or the first-run screen while the folder holds no audit yet.
    wait_for_re "caseaudit · (Dashboard|Welcome)"
}

start_shell
run_caseaudit

step "a new audit on the short template"
keys n
wait_for "Choose a template:"
keys Enter
wait_for "step 2 of 2: details"
type_text "CR-ED-0001"; keys Enter Enter
type_text "North Team"; keys Enter
type_text "Worker Example"; keys Enter Enter
wait_for "▸ Auditor"
keys Enter
wait_for "Audit CR-ED-0001"
wait_for "id $(basename "$DATA"/audits/*.json .json)"   # the id `caseaudit summary` takes

step "a UK date typed: 14/11/2026 is stored as 2026-11-14"
keys Enter
wait_for "(DD/MM/YYYY)"
type_text "14/11/2026"; keys Enter
wait_for_section "1/2"
wait_for "2026-11-14"
wait_field 'a["sections"]["supervision"]["answers"]["last-supervision"]["value"]' "2026-11-14"
save_screen editor-date

step "a grade undone: gone on screen and in the file"
keys j y
wait_for_section "2/2"
wait_for "1 O  2 G  3 RI  4 I  0 N/A"      # the grade row's footer names each grade
keys 2
wait_for "Rationale:"
keys C-x                                    # no rationale: the grade alone is the change
wait_for_section "2/2" "G"
wait_field 'a["sections"]["supervision"]["grade"]' "good"
wait_for "u undo"
keys u
wait_for "Undone: the grade"
wait_for_section "2/2" "·"
wait_field 'a["sections"]["supervision"].get("grade", "<absent>")' "<absent>"
save_screen editor-undone

step "grade again with a rationale, then the overall grade"
keys 2
wait_for "Rationale:"
type_text "Monthly, reflective supervision with actions."
keys Escape
wait_for_section "2/2" "G"
keys Tab
wait_for "Overall: grade, actions and feedback"
wait_for "1 O  2 G  3 RI  4 I  e rationale  a add action"   # no N/A for the overall grade, a offered
keys 2
wait_for "Rationale:"
type_text "Good oversight for the child."
keys Escape
wait_field 'a["overall"]["grade"]' "good"

step "a second user views the draft read-only and sees the auditor's save without a key"
as_viewer
start_shell
run_caseaudit
keys l
wait_for "caseaudit · Audits"
keys Enter
wait_for "LOCKED · read-only"
keys Tab
wait_for "·        Feedback from the worker"
as_auditor
keys j e
wait_for "editing"
type_text "Worker agrees with the findings."
keys Escape
wait_field 'a["feedback"]["worker"]' "Worker agrees with the findings."
as_viewer
wait_for "Refreshed: someone else saved a change to this audit"
wait_for "✓        Feedback from the worker"
save_screen viewer-refreshed
as_auditor
keys k

step "left, quit and reopened: the draft opens where it was left"
keys Escape
wait_for "caseaudit · Audits"
keys Escape q
wait_for "EXIT=0"
# The position is this user's state ($HOME/.local/state), never in the shared data folder.
POSITIONS="$WORK/.local/state/caseaudit/positions.json"
[[ -f "$POSITIONS" ]] || fail "no positions file at $POSITIONS"
grep -qF '"section" : "overall"' "$POSITIONS" || { cat "$POSITIONS" >&2; fail "the position is not in $POSITIONS"; }
! grep -rqF '"section" : "overall"' "$DATA" || fail "a position was written into the data folder"
run_caseaudit
keys l
wait_for "caseaudit · Audits"
keys Enter
wait_for "Reopened where you left it: Overall"
wait_for "▸ G        Overall grade and rationale"

step "completion shows what it records and asks once"
keys c
wait_for "Complete audit CR-ED-0001?"
wait_for "Overall grade: Good"
wait_for "Sections: Management oversight Good"
wait_for "Actions: none"
save_screen editor-complete-confirm
keys n
wait_for "Not completed: the audit is still a draft"
wait_field 'a["status"]' "draft"
keys c
wait_for "Complete audit CR-ED-0001?"
keys y
wait_for "COMPLETE · read-only"
wait_for "Completed: the audit now counts in the measures"
wait_field 'a["status"]' "complete"
save_screen editor-completed

step "an amendment someone else has started is refused before a reason is typed"
keys Escape
wait_for "caseaudit · Audits"
as_viewer
keys Escape Enter
wait_for "COMPLETE · read-only"
as_auditor
keys Enter
wait_for "COMPLETE · read-only"
keys A
wait_for "Reason for amending this completed audit"
as_viewer
keys A
wait_for "Not amended: "
wait_for "try again once it is closed"
grep -qF "Reason for amending" <<<"$(screen)" && fail "the second user was asked for a reason"
save_screen viewer-amend-refused
as_auditor
keys Escape
wait_for "Not amended: the audit stays complete"
wait_field 'a["status"]' "complete"

keys Escape Escape q
wait_for "EXIT=0"
as_viewer
keys Escape Escape q
wait_for "EXIT=0"
echo "PASS: editor walkthrough (screens in $SCREENS)"
