#!/usr/bin/env bash
# End-to-end test of the terminal interface in tmux: a new user completes a child-journey-lac
# audit with keys only; the JSON file and the dashboard must agree with what was typed; SIGHUP
# mid-audit leaves a draft and a sane terminal; a too-small window shows the size message and
# recovers. Screens are saved to $WORK/screens, or to docs/screens/ for the README when
# SAVE_SCREENS=1 (so a CI run never rewrites files in the repository).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

swift build 2>&1 | tail -1
BIN="$(swift build --show-bin-path)/caseaudit"
TEMPLATES="$ROOT/AuditTemplates"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/caseaudit-e2e.XXXXXX")"
DATA="$WORK/data"
if [[ "${SAVE_SCREENS:-}" == 1 ]]; then SCREENS="$ROOT/docs/screens"; else SCREENS="$WORK/screens"; fi
# The walkthroughs up to the v2 block audit on version 1 of the templates, as they were written
# for it (AuditTemplates/versions/); the v2 block at the end uses the shipped templates.
TEMPLATES_V2="$TEMPLATES"
TEMPLATES="$WORK/templates-v1"
SOCKET="caseaudit-e2e-$$"
SESSION="e2e"
mkdir -p "$SCREENS"
# shellcheck source=Scripts/e2e-lib.sh
source "$ROOT/Scripts/e2e-lib.sh"
version1_templates "$TEMPLATES_V2" "$TEMPLATES"

cleanup() {
    tm kill-server 2>/dev/null || true
    if [[ "${KEEP_WORK:-}" != "" ]]; then echo "kept $WORK"; return 0; fi
    # The pane's shell may still be exiting; give it a moment rather than fail the run.
    rm -rf "$WORK" 2>/dev/null || { sleep 1; rm -rf "$WORK" || true; }
}
trap cleanup EXIT

# Waits for a row of the editor's section list: NAME (a prefix: long names are cut at narrower
# widths), its progress and optionally its grade, whatever the spacing between them.
wait_for_section() {
    local name="$1" progress="$2" grade="${3:-}" i pattern
    pattern="^ ${name}[^│]* ${progress}"
    [[ -n "$grade" ]] && pattern+=" +${grade} "
    for ((i = 0; i < 200; i++)); do
        if grep -qE -- "$pattern" <<<"$(screen)"; then return 0; fi
        sleep 0.05
    done
    screen > "$WORK/last-wait.txt"; fail "waited 10s for section row: $name $progress $grade"
}

# Runs caseaudit in the pane, with optional VAR=value settings; its pid goes to $WORK/pid and its
# exit status is printed as EXIT=n.
run_caseaudit() {
    rm -f "$WORK/pid"
    type_text "sh -c 'echo \$\$ > $WORK/pid; exec env $* $BIN --data $DATA --templates $TEMPLATES'; echo EXIT=\$?"
    keys Enter
    local i
    for ((i = 0; i < 100; i++)); do [[ -s "$WORK/pid" ]] && break; sleep 0.05; done
    [[ -s "$WORK/pid" ]] || fail "caseaudit did not start"
}

json() { python3 - "$@"; }

# The dashboard's line for the measure whose title starts with TITLE (a fixed string; end it with
# two spaces to tell "Plans rated good or outstanding" from "... in themed plan audits"); empty if none.
measure_line() { screen | grep -F -- " $1" | grep -v '▸' | head -1 || true; }

# An SGR sequence setting a foreground or background colour (30-37, 40-47, or 38;5/48;5).
COLOUR_CODE=$'\e\\[([0-9;]*;)?([34][0-7]|[34]8;5;[0-9]+)(;[0-9;]*)?m'

# ---------------------------------------------------------------------------------------------

step "not a terminal: clear message, exit 64"
set +e
"$BIN" --data "$DATA" --templates "$TEMPLATES" </dev/null >"$WORK/notty.out" 2>"$WORK/notty.err"
status=$?
set -e
[[ $status -eq 64 ]] || { cat "$WORK/notty.err"; echo "FAIL: exit $status, expected 64"; exit 1; }
grep -q "needs a terminal" "$WORK/notty.err" || { echo "FAIL: no message"; exit 1; }
[[ ! -e "$DATA/audits" ]] || { echo "FAIL: data written"; exit 1; }

start_shell


# ---------------------------------------------------------------------------------------------
# A new user, an empty data directory: a child-journey-lac audit with keys only.

grade_with() {  # grade key, rationale: on a section's grade row
    keys "$1"
    wait_for "Rationale:"
    type_text "$2"
    keys Escape
}

note_with() {   # opens the current item's note editor and writes text (one line per argument)
    keys e
    wait_for "editing"
    local first=1 line
    for line in "$@"; do
        if [[ $first == 0 ]]; then keys Enter; fi
        type_text "$line"
        first=0
    done
    keys Escape
}

prompt_with() { # answers a one-line prompt
    type_text "$1"
    keys Enter
}

step "first audit: dashboard of an empty data directory"
run_caseaudit
wait_for "caseaudit · Welcome"            # an empty data folder: the first-run screen
wait_for "Press n to start your first audit."
save_screen dashboard-empty

step "new audit form"
keys n
wait_for "Choose a template:"
keys j Enter
wait_for "step 2 of 2: details"
wait_for "Template: Child journey audit (looked after children) · child-journey-lac v1"
type_text "CR-E2E-0001"; keys Enter
keys Enter                              # cohort: LAC is the template's only cohort
type_text "North Team"; keys Enter
type_text "Worker Example"; keys Enter
keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace
type_text "2025-03"; keys Enter
wait_for "▸ Auditor"
for ((n = 0; n < 32; n++)); do keys BSpace; done
type_text "Team Manager A"
wait_for "Auditor         Team Manager A"
save_screen new-audit
keys Enter
wait_for "Audit CR-E2E-0001 · LAC · North Team · 2025-03"

step "chronology"
keys y y y y y y
wait_for_section "Chronology" "6/6"
grade_with 2 "Chronology current and used to inform the plan."
wait_for_section "Chronology" "6/6" "G"

step "assessment, with a two-line evidence note"
keys Tab y y y y p
wait_for "Partly needs an evidence note"
note_with "Views gathered at one visit only." "Café meeting with carer noted; child not seen alone."
keys y y                                # the note written, the cursor is on the next question
wait_for_section "Assessment" "7/7"
save_screen editor-question
grade_with 2 "Analytical and child focused; views need more depth."
wait_for_section "Assessment" "7/7" "G"
keys k k k
wait_for "Café meeting with carer noted"
save_screen editor-note
keys j j j

step "care plan, with SMART actions"
keys Tab y y y p
wait_for "Partly needs an evidence note"
note_with "Two actions say ongoing."
keys y y
keys e
wait_for "editing"
type_text "Carer to take child to the dentist by 30 April 2025"
keys Escape 1 2 3 4 5
wait_for "[x] 5 Time-bound"
keys j e
wait_for "editing"
type_text "Contact ongoing"
keys Escape 1 2
wait_for '"ongoing" is not a timescale'
wait_for "▸ 2/5"
save_screen editor-smart
keys j
grade_with 3 "Timescales unclear; contingency thin."
wait_for_section "Care plan" "8/8" "RI"

step "permanence, with a choice"
keys Tab Enter
wait_for "Where is the child living?"
keys j Enter
wait_for "Answer: Foster care (agency carers)"
keys j y y y y x
wait_for_section "Permanence" "6/6"
grade_with 2 "Permanence plan on track."

step "family time and contact, visits"
keys Tab y y y y y y y
wait_for_section "Family time" "7/7"
grade_with 2 "Contact well planned and reviewed."
keys Tab y y y y y y
wait_for_section "Statutory vi" "6/6"
grade_with 1 "Visits timely; child seen alone every time."

step "voice of the child, with a text answer"
keys Tab y y y y y y
wait_for_section "Voice of the" "6/7"
note_with "I like living here and seeing my brother."
wait_for_section "Voice of the" "7/7"
keys j
grade_with 2 "The child's own words are recorded."

step "management oversight, with a date and a number"
keys Tab Enter
wait_for "(DD/MM/YYYY)"
prompt_with "10/3/25"                    # a UK date, D/M/YY: stored as 2025-03-10 (checked below)
wait_for_section "Management o" "1/8"
keys j Enter
wait_for "Enter accept"
prompt_with "6"
wait_for_section "Management o" "2/8"
keys j y y y y y y
wait_for_section "Management o" "8/8"
grade_with 2 "Regular, reflective supervision with actions."
wait_for_section "Management o" "8/8" "G"

step "overall grade, feedback, an action, complete"
keys Tab
wait_for "Overall: grade, actions and feedback"
grade_with 2 "Good overall; the plan needs dated actions."
keys j
note_with "Worker agrees with the findings."
keys j
note_with "Carer pleased with the support."
keys a
wait_for "New action: what is to be done?"
prompt_with "Rewrite plan actions with dates"
wait_for "Who will do it?"
prompt_with "Worker Example"
wait_for "By when?"
prompt_with "2025-04-30"
wait_for "Action: Rewrite plan actions with dates"
save_screen editor-overall
keys c
wait_for "Complete audit CR-E2E-0001?"     # what completing records, asked once
keys y
wait_for "COMPLETE · read-only"
wait_for "Completed: the audit now counts in the measures"
keys Escape
wait_for "caseaudit · Audits"
wait_for_re "CR-E2E-0001 +complete +Good"
save_screen audits-list
keys Escape
wait_for "caseaudit · Dashboard"
wait_for "Mar 2025 (month)"
save_screen dashboard

step "the dashboard counts the audit"
# Ten shipped measures at 100x30: one line each (title, percent, RAG, bar, trend, good/graded).
lac="$(measure_line 'LAC assessments rated good or')"
[[ "$lac" == *"100.0%"*"GREEN"*"1/1"* ]] || fail "LAC assessment measure: $lac"
plan="$(measure_line 'Plans rated good or outstanding  ')"
[[ "$plan" == *"0.0%"*"RED"*"0/1"* ]] || fail "plan measure: $plan"
grep -qF "All: 1 audit, 0 drafts" <<<"$(screen)" || fail "audit and draft counts"
grep -qE "$COLOUR_CODE" <<<"$(tm capture-pane -p -e -t "$SESSION")" || fail "no colour on a colour terminal"

step "the audit file holds exactly what was typed"
files=("$DATA"/audits/*.json)
[[ ${#files[@]} -eq 1 ]] || fail "expected one audit file, found ${#files[@]}"
json "${files[0]}" <<'PY'
import json, sys
audit = json.load(open(sys.argv[1], encoding="utf-8"))
def yes(*ids): return {i: {"answer": "yes"} for i in ids}
expected = {
  "chronology": {"grade": "good", "rationale": "Chronology current and used to inform the plan.",
    "answers": yes("chronology-in-place", "chronology-up-to-date", "chronology-significant-events",
                   "chronology-care-history", "chronology-decisions", "chronology-informs-work")},
  "assessment": {"grade": "good", "rationale": "Analytical and child focused; views need more depth.",
    "answers": {**yes("assessment-up-to-date", "assessment-comprehensive", "assessment-critical-evaluation",
                      "assessment-child-focused", "assessment-risks-protective", "assessment-informs-plan"),
                "assessment-child-views": {"answer": "partly",
                    "note": "Views gathered at one visit only.\nCafé meeting with carer noted; child not seen alone."}}},
  "plan": {"grade": "requires-improvement", "rationale": "Timescales unclear; contingency thin.",
    "answers": {**yes("plan-up-to-date", "plan-outcome-focused", "plan-timescales", "plan-contingency", "plan-family-clear"),
                "plan-concise": {"answer": "partly", "note": "Two actions say ongoing."},
                "plan-action-1": {"action": "Carer to take child to the dentist by 30 April 2025",
                    "smart": {"specific": True, "measurable": True, "achievable": True, "realistic": True, "time_bound": True}},
                "plan-action-2": {"action": "Contact ongoing",
                    "smart": {"specific": True, "measurable": True, "achievable": False, "realistic": False, "time_bound": False}}}},
  "permanence": {"grade": "good", "rationale": "Permanence plan on track.",
    "answers": {**yes("permanence-plan-by-second-review", "permanence-progressing", "permanence-parallel-planning",
                      "permanence-special-guardianship"),
                "permanence-placement-type": {"value": "Foster care (agency carers)"},
                "permanence-placed-with-parents": {"answer": "na"}}},
  "contact": {"grade": "good", "rationale": "Contact well planned and reviewed.",
    "answers": yes("contact-agreement", "contact-practical-arrangements", "contact-purpose", "contact-outcomes",
                   "contact-reviewed", "contact-involvement", "contact-supervisors-trained")},
  "visits": {"grade": "outstanding", "rationale": "Visits timely; child seen alone every time.",
    "answers": yes("visits-child-seen", "visits-timely", "visits-seen-alone", "visits-purposeful",
                   "visits-wishes-feelings", "visits-placement")},
  "voice": {"grade": "good", "rationale": "The child's own words are recorded.",
    "answers": {**yes("voice-direct-work", "voice-views-shape-plan", "voice-reviews", "voice-understands-plan",
                      "voice-contact-wishes", "voice-identity"),
                "voice-child-words": {"value": "I like living here and seeing my brother."}}},
  "supervision": {"grade": "good", "rationale": "Regular, reflective supervision with actions.",
    "answers": {**yes("supervision-regular", "supervision-no-long-gap", "supervision-reflective",
                      "supervision-plan-discussed", "supervision-actions", "supervision-decisions-recorded"),
                "supervision-last-date": {"value": "2025-03-10"},
                "supervision-longest-gap": {"value": "6"}}},
}
problems = []
def check(what, got, want):
    if got != want: problems.append(f"{what}: got {got!r}, want {want!r}")
check("template", audit.get("template"), {"id": "child-journey-lac", "version": 1}) if isinstance(audit.get("template"), dict) else None
for key, want in [("auditor", "Team Manager A"), ("case_ref", "CR-E2E-0001"), ("cohort", "LAC"), ("team", "North Team"), ("worker", "Worker Example"),
                  ("month", "2025-03"), ("status", "complete")]:
    check(key, audit.get(key), want)
check("section ids", sorted(audit.get("sections", {})), sorted(expected))
for sid, want in expected.items():
    got = audit.get("sections", {}).get(sid, {})
    check(f"{sid} grade", got.get("grade"), want["grade"])
    check(f"{sid} rationale", got.get("rationale"), want["rationale"])
    check(f"{sid} question ids", sorted(got.get("answers", {})), sorted(want["answers"]))
    for qid, a in want["answers"].items():
        check(f"{sid}/{qid}", got.get("answers", {}).get(qid), a)
overall = audit.get("overall", {})
check("overall grade", overall.get("grade"), "good")
check("overall rationale", overall.get("rationale"), "Good overall; the plan needs dated actions.")
check("actions", audit.get("actions"), [{"what": "Rewrite plan actions with dates", "who": "Worker Example",
                                         "by": "2025-04-30", "done": False}])
check("feedback", audit.get("feedback"), {"worker": "Worker agrees with the findings.", "family": "Carer pleased with the support."})
if problems:
    print("audit file differs from what was typed:", *problems, sep="\n  ")
    sys.exit(1)
print("audit file matches")
PY

step "quit with q"
keys q
wait_for "EXIT=0"

step "the auditor's name is kept in the user's config (\$HOME/.config here), not the data folder"
CONFIG="$WORK/.config/caseaudit/config.yaml"
grep -qx "auditor: Team Manager A" "$CONFIG" || fail "auditor not remembered in $CONFIG: $(cat "$CONFIG" 2>&1)"
if find "$DATA" -name 'config.yaml' | grep -q .; then fail "a config file was written into the data folder"; fi

# ---------------------------------------------------------------------------------------------
# A QA lead moderates the first audit's care plan grade (RI to Good): the history records a
# moderation, the editor shows both grades, and the dashboard's plan figure moves.
moderation_walkthrough() {
    local audit_file
    audit_file="$(grep -lF '"CR-E2E-0001"' "$DATA"/audits/*.json | head -1)"
    [[ -n "$audit_file" ]] || fail "no audit file for CR-E2E-0001"
    run_caseaudit
    wait_for "caseaudit · Dashboard"
    wait_for "Mar 2025 (month)"
    plan="$(measure_line 'Plans rated good or outstanding  ')"
    keys l
    wait_for "caseaudit · Audits"
    keys /
    type_text "case:CR-E2E-0001"; keys Enter
    keys Enter
    wait_for "COMPLETE · read-only"
    keys Tab Tab
    wait_for "Care plan"
    keys G
    wait_for "Section grade and rationale"
    wait_for "M moderate"
    keys M
    wait_for "Moderate Care plan (auditor: RI)"
    keys k Enter
    wait_for "Why Good? The moderator's rationale (required)"
    prompt_with "Actions are dated in the plan's appendix; good on balance."
    wait_for "Moderated: Good now counts in the measures"
    wait_for "G*←RI"
    wait_for "Good (moderated; auditor's grade: Requires"
    wait_for_section "Care plan" "8/8" "G\\*"
    save_screen editor-moderated
    keys Escape
    wait_for "caseaudit · Audits"
    keys Escape
    wait_for "caseaudit · Dashboard"
    wait_for "Mar 2025 (month)"
    local after
    after="$(measure_line 'Plans rated good or outstanding  ')"
    [[ "$after" == *"100.0%"*"GREEN"*"1/1"* ]] || fail "plan measure after moderation: $after (before: $plan)"
    save_screen dashboard-after-moderation
    keys q
    wait_for "EXIT=0"
    json "$audit_file" <<'PY'
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))
plan = a["sections"]["plan"]
m = plan.get("moderation") or {}
problems = []
if plan.get("grade") != "requires-improvement": problems.append(f"auditor's grade changed: {plan.get('grade')!r}")
if m.get("grade") != "good": problems.append(f"moderated grade: {m.get('grade')!r}")
if m.get("rationale") != "Actions are dated in the plan's appendix; good on balance.": problems.append(f"rationale: {m.get('rationale')!r}")
if not m.get("by"): problems.append("no moderator")
if a.get("status") != "complete": problems.append(f"status {a.get('status')!r}")
if problems:
    print("moderation not as typed:", *problems, sep="\n  "); sys.exit(1)
print("moderation saved: plan Good, auditor's Requires improvement kept")
PY
    local id
    id="$(basename "$audit_file" .json)"
    tail -1 "$DATA/history/$id.jsonl" | grep -qE '"action": ?"moderate"' \
        || { tail -1 "$DATA/history/$id.jsonl"; fail "the history's last entry is not a moderation"; }
}

step "moderation: a QA lead moves the care plan grade and the dashboard figure moves"
moderation_walkthrough

# ---------------------------------------------------------------------------------------------
step "SIGHUP during a second audit leaves a draft with the last answer and a sane terminal"
keys C-l
run_caseaudit
wait_for "caseaudit · Dashboard"
keys n
wait_for "Choose a template:"
keys j Enter
wait_for "step 2 of 2: details"
type_text "CR-E2E-0002"; keys Enter Enter
type_text "South Team"; keys Enter
type_text "Worker Two"; keys Enter
keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace
type_text "2025-03"; keys Enter
wait_for "Auditor         Team Manager A"   # remembered from the first audit, not the login name
keys Enter
wait_for "Audit CR-E2E-0002"
keys y n
wait_for "No needs an evidence note"
keys e
wait_for "editing"
type_text "No entries since the placement move."
wait_for "No entries since the placement move."
kill -HUP "$(cat "$WORK/pid")"
wait_for "EXIT=129"
json "$DATA" <<'PY'
import json, sys, glob
drafts = [a for a in (json.load(open(f, encoding="utf-8")) for f in glob.glob(sys.argv[1] + "/audits/*.json"))
          if a.get("case_ref") == "CR-E2E-0002"]
assert len(drafts) == 1, f"expected one draft of CR-E2E-0002, found {len(drafts)}"
d = drafts[0]
answers = d["sections"]["chronology"]["answers"]
problems = []
if d.get("status") != "draft": problems.append(f"status {d.get('status')!r}")
if answers.get("chronology-in-place") != {"answer": "yes"}: problems.append(f"first answer {answers.get('chronology-in-place')!r}")
if answers.get("chronology-up-to-date") != {"answer": "no", "note": "No entries since the placement move."}:
    problems.append(f"last answer {answers.get('chronology-up-to-date')!r}")
if problems:
    print("draft after SIGHUP:", *problems, sep="\n  "); sys.exit(1)
print("draft after SIGHUP holds the last answer and its open note")
PY
ls "$DATA"/locks/ 2>/dev/null | grep -q . && echo "note: a lock file remains after SIGHUP (recovered as stale)" || true
keys C-l
type_text "stty -a | tr ' ' '\\n' | grep -xE -e '-?(icanon|echo|isig)' | tr '\\n' ' '; echo STTY\"\"-END"
keys Enter
wait_for "STTY-END"
modes=" $(screen | grep -F 'STTY-END' | grep -vF 'grep' | tail -1) "
[[ "$modes" == *" icanon "* && "$modes" == *" echo "* && "$modes" == *" isig "* ]] || fail "terminal not restored: $modes"

# ---------------------------------------------------------------------------------------------
step "E corrects the draft's team: saved at once, the list finds it by the new team"
keys C-l
run_caseaudit
wait_for "caseaudit · Dashboard"
keys l
wait_for "caseaudit · Audits"
keys /
type_text "CR-E2E-0002"; keys Enter Enter
wait_for "Audit CR-E2E-0002"
keys E
wait_for "caseaudit · Edit details"
keys Down Down C-u
type_text "West Team"; keys Enter Enter Enter Enter   # team, worker, month, auditor: saved
wait_for "Details saved"
wait_for "· West Team ·"
keys Escape
wait_for "caseaudit · Audits"
keys / C-u
type_text "team:\"west team\""; keys Enter
wait_for "1 audit match"
save_screen details-corrected
json "$DATA" <<'PY'
import json, sys, glob
drafts = [a for a in (json.load(open(f, encoding="utf-8")) for f in glob.glob(sys.argv[1] + "/audits/*.json"))
          if a.get("case_ref") == "CR-E2E-0002"]
assert len(drafts) == 1 and drafts[0].get("team") == "West Team", f"team not corrected: {[d.get('team') for d in drafts]}"
history = open(glob.glob(sys.argv[1] + "/history/" + drafts[0]["id"] + ".jsonl")[0], encoding="utf-8").read().splitlines()
last = json.loads(history[-1])
fields = [c.get("field") for c in last.get("changes", [])]
assert "team" in fields, f"history's last entry does not list team: {fields}"
print("corrected team saved and recorded in the history")
PY
keys Escape q
wait_for "EXIT=0"

# ---------------------------------------------------------------------------------------------
step "a terminal below 80x24 shows the size message; back to 100x30 recovers"
keys C-l
run_caseaudit
wait_for "caseaudit · Dashboard"
wait_for ", 1 draft"
tm resize-window -t "$SESSION" -x 60 -y 20
wait_for "needs a terminal of at least 80x24"
wait_for "60x20"
save_screen too-small
keys j l                                 # ignored while too small
tm resize-window -t "$SESSION" -x 100 -y 30
wait_for "caseaudit · Dashboard"
wait_gone "needs a terminal"
tm resize-window -t "$SESSION" -x 60 -y 20
wait_for "press q to quit"
keys q                                   # q quits from the size message itself
wait_for "EXIT=0"
tm resize-window -t "$SESSION" -x 100 -y 30
# The next program must start at the pane's new size, not catch the resize half-way.
for ((i = 0; i < 100; i++)); do
    [[ "$(tm display -p -t "$SESSION" '#{pane_width}x#{pane_height}')" == 100x30 ]] && break
    sleep 0.05
done
sleep 0.3

# ---------------------------------------------------------------------------------------------
step "monochrome (TERM=vt100, NO_COLOR): no colour codes; Ctrl-C saves and exits 130"
keys C-l
run_caseaudit TERM=vt100 NO_COLOR=1
wait_for "caseaudit . Dashboard"         # vt100 draws no Unicode: ASCII mode on its own
wait_for ", 1 draft"
if grep -qE "$COLOUR_CODE" <<<"$(tm capture-pane -p -e -t "$SESSION")"; then
    fail "colour escape codes on a monochrome terminal"
fi
keys C-c
wait_for "EXIT=130"

# ---------------------------------------------------------------------------------------------
step "ASCII mode (--ascii under LANG=C): dashboard, reports, list, an editor and size notice hold no byte above 127"
# The raw pane (no-break spaces left in), checked byte by byte.
no_high_bytes() {
    tm capture-pane -p -t "$SESSION" > "$SCREENS/ascii-$1.txt"
    if LC_ALL=C grep -qP '[\x80-\xFF]' "$SCREENS/ascii-$1.txt"; then
        fail "byte above 127 on the ASCII $1 screen: $(LC_ALL=C grep -nP '[\x80-\xFF]' "$SCREENS/ascii-$1.txt" | head -3)"
    fi
}
keys C-l
rm -f "$WORK/pid"
type_text "sh -c 'echo \$\$ > $WORK/pid; exec env LANG=C LC_ALL= $BIN --ascii --data $DATA --templates $TEMPLATES'; echo EXIT=\$?"
keys Enter
wait_for "caseaudit . Dashboard"
wait_for ", 1 draft"
no_high_bytes dashboard
keys r
wait_for "caseaudit . Reports"
no_high_bytes reports
keys Escape l
wait_for "caseaudit . Audits"
no_high_bytes audits-list
keys Enter
wait_for "Esc back"
wait_for "Audit CR-"
no_high_bytes editor
keys Escape
wait_for "caseaudit . Audits"
tm resize-window -t "$SESSION" -x 60 -y 20
wait_for "press q to quit"
no_high_bytes too-small
keys q
wait_for "EXIT=0"
tm resize-window -t "$SESSION" -x 100 -y 30

# ---------------------------------------------------------------------------------------------
step "drill-downs list exactly the audits behind the figure (demo --audits 600 --seed 3)"
DEMO="$WORK/demo"
"$BIN" demo --data "$DEMO" --templates "$TEMPLATES" --audits 600 --seed 3 >/dev/null
# The selected row of the reports (reverse video below the title bar), escape codes removed,
# after the heading of the measure it belongs to: "HEADING|ROW".
selected_row() {
    tm capture-pane -p -e -t "$SESSION" | python3 -c '
import re, sys
lines = sys.stdin.read().split("\n")[1:]
plain = lambda l: re.sub(r"\x1b\[[0-9;]*m", "", l).replace("\u00a0", " ")
heading = ""
for l in lines:
    text = plain(l)
    if re.match(r" \S", text):
        heading = text.strip()
    if re.search(r"\x1b\[(?:[0-9;]*;)?7m", l):
        print(heading + "|" + text)
        break
'
}
# Moves down the reports until the selected row starts with PERIOD under a heading starting TITLE.
select_row() {
    local title="$1" period="$2" i
    for ((i = 0; i < 200; i++)); do
        [[ "$(selected_row)" == "$title"*"|   $period "* ]] && return 0
        keys j
    done
    fail "no row $period under $title"
}
behind_count() { screen | sed -n 's/^ \([0-9]*\) audits behind the figure.*/\1/p' | head -1; }
DATA_SAVED="$DATA"; DATA="$DEMO"
keys C-l
run_caseaudit
wait_for "caseaudit · Dashboard"
keys r
wait_for "caseaudit · Reports"
keys b
wait_for "by quarter"
select_row "Plans rated good or outstanding" "FY2026-27 Q3"
figure="$(selected_row | awk '{print $NF}')"          # the row's "of N": N audits counted
keys Enter
wait_for "audits behind the figure"
wait_for "behind: FY2026-27 Q3 · Plans rated"
shown="$(behind_count)"
cli="$("$BIN" audits --data "$DEMO" --templates "$TEMPLATES" --measure plan-quality --period "FY2026-27 Q3" --by quarter --format csv | tail -n +2 | wc -l)"
[[ "$shown" == "$figure" && "$shown" == "$cli" ]] || fail "Plans FY2026-27 Q3: figure $figure, list $shown, caseaudit audits $cli"
echo "   Plans FY2026-27 Q3: $figure counted, $shown listed, caseaudit audits lists $cli"
save_screen drill-down-plans-quarter
keys Escape
wait_for "caseaudit · Reports"
keys b b
wait_for "by team"
keys Enter
wait_for "audits behind the figure"
shown="$(behind_count)"
team="$(screen | sed -n 's/.*behind: \(.*\) · LAC assessments.*/\1/p' | head -1)"
keys Escape
wait_for "by team"
range="$(screen | sed -n '1s/.*by team · \([0-9-]*\) to \([0-9-]*\).*/\1 \2/p')"
set -- $range
report="$("$BIN" report --data "$DEMO" --templates "$TEMPLATES" --by team --from "$1" --to "$2" --measure lac-assessment --format csv \
    | python3 -c 'import csv,sys; rows=[r for r in csv.DictReader(sys.stdin) if r["period"]==sys.argv[1]]; print(rows[0]["audits"] if rows else "none")' "$team")"
[[ -n "$team" && "$shown" == "$report" ]] || fail "team '$team' $1..$2: list $shown, report $report"
echo "   LAC assessments, team $team, $1 to $2: $shown listed, report counts $report"
keys Escape q
wait_for "EXIT=0"
left="$(pgrep -f -- "--data $DEMO" || true)"
[[ -z "$left" ]] || fail "caseaudit processes left after quitting: $left"
DATA="$DATA_SAVED"

# ---------------------------------------------------------------------------------------------
# Templates version 2 (issue 12): a looked after child's audit on the shipped templates, with the
# escalation question answered Yes and the looked after review section. Kept in one block so the
# walkthroughs above can change without touching it.

impact_with() {  # answers the impact question Yes, writes the note it always needs (the cursor then moves to the grade row)
    keys y
    wait_for "Yes needs an evidence note"
    note_with "$1"
}

v2_lac_walkthrough() {
    DATA="$WORK/data-v2"
    TEMPLATES="$TEMPLATES_V2"
    keys C-l
    run_caseaudit
    wait_for "caseaudit · Welcome"         # a new data folder: the first-run screen
    keys n
    wait_for "Choose a template:"
    keys j Enter
    wait_for "child-journey-lac v2"
    type_text "CR-E2E-0003"; keys Enter Enter
    type_text "North Team"; keys Enter
    type_text "Worker Example"; keys Enter
    keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace
    type_text "2025-04"; keys Enter Enter
    wait_for "Audit CR-E2E-0003"

    step "v2: the escalation question first: Yes, with what was found and who it went to"
    wait_for "Did anything in this file need action to keep the child"
    keys y
    wait_for "Yes needs an evidence note"
    note_with "Bruise seen at the last visit not yet discussed with the carer."
    note_with "Service manager, 2025-04-02"
    wait_for_section "Keeping the" "2/3"
    save_screen editor-escalation-v2

    step "v2: about the child (optional): an age band"
    keys Tab Enter
    wait_for "18 and over"
    keys j j j Enter
    wait_for_section "About the c" "1/4"
    keys Tab

    step "v2: chronology, assessment, care plan"
    keys y y y y y y y
    impact_with "Patterns of missed health appointments seen and acted on."
    wait_for_section "Chronology" "8/8"
    grade_with 2 "Current chronology that shaped the plan."
    keys Tab y y y y y y y y
    impact_with "The assessment led to a change of school that the child wanted."
    wait_for_section "Assessment" "9/9"
    grade_with 2 "Analytical, with critical evaluation."
    keys Tab y y y y y y y y y y
    keys e
    wait_for "editing"
    type_text "Carer to register the child with a dentist by 30 April 2025"
    keys Escape 1 2 3 4 5
    wait_for "[x] 5 Time-bound"
    keys j j
    impact_with "Health needs now met: dentist and optician seen."
    wait_for_section "Care plan" "12/13"
    grade_with 2 "Outcome focused, with dated actions."

    step "v2: the looked after review section"
    keys Tab
    wait_for "latest looked after review held within"
    keys y y y y y y x x y
    impact_with "Review actions got the child's contact with their brother restarted."
    wait_for_section "Looked after" "10/10"
    save_screen editor-review-v2
    grade_with 2 "Recommendations owned and dated; minutes stand alone."

    step "v2: permanence, placement, health and education"
    keys Tab Enter
    wait_for "Where is the child living?"
    keys Enter j y y y y y x
    impact_with "A long-term match is now confirmed."
    wait_for_section "Permanence" "8/8"
    grade_with 2 "Permanence plan on track."
    keys Tab Enter
    wait_for "Enter accept"
    prompt_with "0"
    keys j x y y Enter
    wait_for "Enter accept"
    prompt_with "0"
    keys j x
    impact_with "Settled in placement for a year."
    wait_for_section "Placement st" "7/7"
    grade_with 2 "Stable, well matched placement."
    keys Tab y y y y 2 j
    impact_with "Attendance up from 80% to 96%."
    wait_for_section "Health and e" "6/6"
    grade_with 2 "Health and education needs met."

    step "v2: contact, visits, voice, supervision"
    keys Tab y y y y y y y y y y
    impact_with "Family time is weekly and the child looks forward to it."
    wait_for_section "Family time" "11/11"
    grade_with 2 "Contact well planned and reviewed."
    keys Tab y y y y y y y y
    impact_with "The child asked for a new bedroom and got it."
    wait_for_section "Statutory vi" "9/9"
    grade_with 2 "Timely, purposeful visits."
    keys Tab y y y y x y y y y j
    impact_with "The child chaired part of their own review."
    wait_for_section "Voice of the" "10/11"
    grade_with 2 "The child's voice runs through the file."
    keys Tab Enter
    wait_for "(DD/MM/YYYY)"
    prompt_with "10/04/2025"             # DD/MM/YYYY, stored as 2025-04-10
    keys j Enter
    wait_for "Enter accept"
    prompt_with "1"
    keys j y y y y y y x
    impact_with "Drift on the permanence plan was stopped."
    wait_for_section "Management o" "10/10"
    grade_with 2 "Regular, reflective supervision."

    step "v2: overall grade and complete"
    keys Tab
    wait_for "Overall: grade, actions and feedback"
    wait_for "needs that evidence."
    grade_with 2 "Good: the child is safer and settled; escalation made on the day."
    keys c
    wait_for "Complete audit CR-E2E-0003?"
    keys y
    wait_for "COMPLETE · read-only"
    keys Escape Escape q
    wait_for "EXIT=0"

    step "v2: the audit file holds the escalation and the review section"
    files=("$DATA"/audits/*.json)
    [[ ${#files[@]} -eq 1 ]] || fail "expected one v2 audit file, found ${#files[@]}"
    json "${files[0]}" <<'PY'
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))
problems = []
def check(what, got, want):
    if got != want: problems.append(f"{what}: got {got!r}, want {want!r}")
check("template", a.get("template"), {"id": "child-journey-lac", "version": 2})
check("status", a.get("status"), "complete")
esc = a["sections"].get("escalation", {}).get("answers", {})
check("escalation-needed", esc.get("escalation-needed"),
      {"answer": "yes", "note": "Bruise seen at the last visit not yet discussed with the carer."})
check("escalation-to", esc.get("escalation-to"), {"value": "Service manager, 2025-04-02"})
check("escalation open", "escalation-resolved" in esc, False)
check("age band", a["sections"].get("child", {}).get("answers"), {"child-age-band": {"value": "10 to 15"}})
review = a["sections"].get("review", {})
check("review grade", review.get("grade"), "good")
want = {q: {"answer": "yes"} for q in ["review-on-time", "review-recommendation-owner", "review-recommendation-timescale",
        "review-parent-expectations", "review-minutes-stand-alone", "review-iro-monitoring", "review-permanence-tracker"]}
want.update({"review-iro-escalation": {"answer": "na"}, "review-permanence-forum": {"answer": "na"},
             "review-difference-made": {"answer": "yes", "note": "Review actions got the child's contact with their brother restarted."}})
check("review answers", review.get("answers"), want)
graded = ["chronology", "assessment", "plan", "review", "permanence", "placement", "health-education", "contact", "visits", "voice", "supervision"]
check("section grades", {s: a["sections"].get(s, {}).get("grade") for s in graded}, {s: "good" for s in graded})
for s in graded:
    impact = a["sections"][s]["answers"].get(f"{s}-difference-made", {})
    if impact.get("answer") != "yes" or not impact.get("note"): problems.append(f"{s}: impact {impact!r}")
check("pep grade", a["sections"]["health-education"]["answers"].get("health-education-pep-grade"), {"value": "good"})
if problems:
    print("v2 audit file differs from what was typed:", *problems, sep="\n  "); sys.exit(1)
print("v2 audit file matches: escalation open, review section answered")
PY
    "$BIN" validate --data "$DATA" --templates "$TEMPLATES" > "$WORK/validate-v2.out" 2>&1 \
        || { cat "$WORK/validate-v2.out"; fail "validate found errors in the v2 audit"; }
}

step "templates version 2: a looked after child's audit with the escalation and review sections"
v2_lac_walkthrough

echo "tui-e2e: all passed"
