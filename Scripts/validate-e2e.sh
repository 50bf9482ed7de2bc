#!/bin/sh
# End-to-end checks of `caseaudit validate`: exit statuses, messages naming the file (and line)
# with a remedy, and nothing written to an existing data directory.
# Usage: Scripts/validate-e2e.sh [path/to/caseaudit]   (default: .build/debug/caseaudit)
set -u
cd "$(dirname "$0")/.."
BIN=${1:-.build/debug/caseaudit}
T=AuditTemplates
WORK=$(mktemp -d "${TMPDIR:-/tmp}/caseaudit-validate-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
FAILED=0

fail() { echo "FAIL: $*"; FAILED=1; }
pass() { echo "ok: $*"; }

# run NAME EXPECTED_STATUS DATA [extra args...]; output in $WORK/out
run() {
    name=$1; want=$2; data=$3; shift 3
    "$BIN" validate --data "$data" --templates "$T" "$@" >"$WORK/out" 2>&1
    got=$?
    if [ "$got" -eq "$want" ]; then pass "$name: exit $got"; else fail "$name: exit $got, wanted $want"; cat "$WORK/out"; fi
}
expect() { grep -q -- "$2" "$WORK/out" && pass "$1" || { fail "$1: no \"$2\" in output"; cat "$WORK/out"; }; }
snapshot() { (cd "$1" && find . -type f -exec sha256sum {} + | sort; find . | sort) }

audit() { # id template version cohort status
    cat <<JSON
{
  "cohort" : "$4",
  "created" : "2018-12-01T00:00:00Z",
  "id" : "$1",
  "month" : "2018-12",
  "schema" : 1,
  "status" : "$5",
  "template" : {
    "id" : "$2",
    "version" : $3
  }
}
JSON
}

# 1. A missing (mistyped) data directory is refused, 66, and not created.
NEW="$WORK/new/data"
run "missing data directory" 66 "$NEW"
expect "names the folder and how to make one" "$NEW: error: no data folder here.*caseaudit demo --data"
[ ! -e "$WORK/new" ] && pass "nothing created" || fail "validate created $WORK/new"

# 2. Good drafts: exit 0.
D="$WORK/d2"; mkdir -p "$D/audits"; cp "$T/defaults/measures.yaml" "$D/"
audit 2018-12-00000001 child-journey 1 CIN draft >"$D/audits/2018-12-00000001.json"
run "valid draft" 0 "$D"
expect "one file checked" "^1 audit file checked"

# 3. Damaged files, unknown template, cohort not allowed: every one listed, exit 65, nothing written.
printf '{\n  "id" : "2018-12-00000002",\n  "sche' >"$D/audits/2018-12-00000002.json"
: >"$D/audits/2018-12-00000003.json"
audit 2018-12-00000004 child-journey 9 CIN draft >"$D/audits/2018-12-00000004.json"
audit 2018-12-00000005 child-journey-lac 1 CIN draft >"$D/audits/2018-12-00000005.json"
audit 2018-12-00000006 child-journey 1 CP complete >"$D/audits/2018-12-00000006.json"
before=$(snapshot "$D")
run "bad audit files" 65 "$D"
after=$(snapshot "$D")
[ "$before" = "$after" ] && pass "nothing written" || fail "validate changed the data directory"
expect "truncated file named with its line" "2018-12-00000002.json:3:[0-9]*: error: not valid JSON: the file ends inside a string"
expect "empty file named" "2018-12-00000003.json: error: the audit file is empty"
expect "unknown template with remedy" "2018-12-00000004.json:[0-9]*: error: template child-journey version 9 is unknown.*restore templates/child-journey@9.yaml"
expect "cohort not allowed" "2018-12-00000005.json:[0-9]*: error: cohort CIN is not allowed by template child-journey-lac@1"
expect "complete audit with gaps" "2018-12-00000006.json:[0-9]*: error: the audit is marked complete but: no case reference"
expect "summary counts files" "^6 audit files checked, [0-9]* problems$"

# 4. A bad measures file: exit 65 naming it.
D4="$WORK/d4"; mkdir -p "$D4"
printf 'measures:\n  - id: plan-quality\n    sectoin: plan\n' >"$D4/measures.yaml"
run "bad measures.yaml" 65 "$D4"
expect "measures file named" "measures.yaml:[0-9]*"

# 5. Warnings only: exit 0.
D5="$WORK/d5"; mkdir -p "$D5/audits"; cp "$T/defaults/measures.yaml" "$D5/"
sed 's/"2018-12"/"2999-01"/' >"$D5/audits/2999-01-00000001.json" <<JSON
$(audit 2999-01-00000001 child-journey 1 CIN draft)
JSON
run "warnings only" 0 "$D5"
expect "future month warning" "warning: month 2999-01 is in the future"

# 6. A broken template: exit 65 naming the template file.
T6="$WORK/templates"; cp -r "$T" "$T6"
sed -i 's/^version: [0-9]*$/version: one/' "$T6/plan-smart.yaml"
"$BIN" validate --data "$D5" --templates "$T6" >"$WORK/out" 2>&1; got=$?
[ "$got" -eq 65 ] && pass "broken template: exit 65" || fail "broken template: exit $got"
expect "template file named" "plan-smart.yaml:[0-9]*"

# 7. No templates folder: exit 66.
"$BIN" validate --data "$D5" --templates "$WORK/nowhere" >"$WORK/out" 2>&1; got=$?
[ "$got" -eq 66 ] && pass "missing templates folder: exit 66" || fail "missing templates folder: exit $got"

[ "$FAILED" -eq 0 ] && echo "all validate checks passed" || echo "SOME VALIDATE CHECKS FAILED"
exit "$FAILED"
