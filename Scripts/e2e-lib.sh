# Shared by the tmux walkthroughs (Scripts/*-e2e.sh): drive a pane, read it, wait for it.
# The sourcing script sets SOCKET, SESSION, WORK, SCREENS (and BIN, DATA, TEMPLATES) first, or
# calls e2e_start to set them.

# Builds the program and sets BIN, WORK (a fresh folder), DATA, SCREENS, SOCKET (its own tmux
# server) and SESSION; the tmux server and WORK go when the script ends (KEEP_WORK=1 keeps WORK).
# usage: e2e_start NAME SESSION
e2e_start() {
    swift build 2>&1 | tail -1
    BIN="$(swift build --show-bin-path)/caseaudit"
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/caseaudit-$1-e2e.XXXXXX")"
    DATA="$WORK/data"
    SCREENS="$WORK/screens"
    SOCKET="caseaudit-$1-e2e-$$"
    SESSION="$2"
    mkdir -p "$SCREENS"
    trap e2e_cleanup EXIT
}

e2e_cleanup() {
    tm kill-server 2>/dev/null || true
    if [[ "${KEEP_WORK:-}" != "" ]]; then echo "kept $WORK"; return 0; fi
    # The pane's shell may still be exiting; give it a moment rather than fail the run.
    rm -rf "$WORK" 2>/dev/null || { sleep 1; rm -rf "$WORK" || true; }
}

tm() { tmux -L "$SOCKET" -f /dev/null "$@"; }

fail() {
    echo "FAIL: $*" >&2
    echo "---- screen ----" >&2
    screen >&2 || true
    echo "----------------" >&2
    exit 1
}

step() { echo "== $*"; }

# The pane as text, no-break spaces (which the screens use to keep labels together) as spaces.
screen() { tm capture-pane -p -t "$SESSION" | sed 's/\xc2\xa0/ /g'; }

# Waits until the pane shows TEXT (a fixed string), up to SECONDS (default 10).
wait_for() {
    local text="$1" seconds="${2:-10}" i
    for ((i = 0; i < seconds * 20; i++)); do
        # Not `screen | grep -q`: with pipefail, grep quitting early fails the pipeline.
        if grep -qF -- "$text" <<<"$(screen)"; then return 0; fi
        sleep 0.05
    done
    screen > "$WORK/last-wait.txt"; fail "waited ${seconds}s for: $text"
}

# Waits until the pane shows a line matching PATTERN (an extended regular expression), for rows
# whose column widths follow their content.
wait_for_re() {
    local pattern="$1" seconds="${2:-10}" i
    for ((i = 0; i < seconds * 20; i++)); do
        if grep -qE -- "$pattern" <<<"$(screen)"; then return 0; fi
        sleep 0.05
    done
    screen > "$WORK/last-wait.txt"; fail "waited ${seconds}s for a line matching: $pattern"
}

# Waits until the pane no longer shows TEXT.
wait_gone() {
    local text="$1" seconds="${2:-10}" i
    for ((i = 0; i < seconds * 20; i++)); do
        if ! grep -qF -- "$text" <<<"$(screen)"; then return 0; fi
        sleep 0.05
    done
    fail "waited ${seconds}s for this to go: $text"
}

# Sends tmux key names (Enter, Escape, Down, C-c ...) one at a time, with a short settle
# so a lone Escape is not read as the start of an escape sequence.
keys() {
    local k
    for k in "$@"; do
        tm send-keys -t "$SESSION" "$k"
        sleep 0.04
    done
}

# Types text literally.
type_text() { tm send-keys -t "$SESSION" -l -- "$1"; sleep 0.05; }

save_screen() { screen > "$SCREENS/$1.txt"; }

# Starts a shell in a 100x30 pane; the program runs inside it so the pane survives the program.
start_shell() {
    tm new-session -d -s "$SESSION" -x 100 -y 30 \
        "env -i HOME='$WORK' PATH='$PATH' TERM=xterm-256color LANG=C.UTF-8 HISTFILE=/dev/null PS1='e2e\$ ' bash --norc --noprofile"
    wait_for 'e2e$'
}

# Makes FOLDER a templates folder of version 1 of the shipped templates (AuditTemplates/versions/),
# for walkthroughs whose keys were written for version 1.
version1_templates() {
    local shipped="$1" folder="$2" f n
    mkdir -p "$folder/defaults"
    for f in "$shipped"/versions/*@1.yaml; do n="$(basename "$f")"; cp "$f" "$folder/${n%@1.yaml}.yaml"; done
    cp "$shipped/defaults/measures.yaml" "$folder/defaults/"
}

# Waits for the first screen: the dashboard, or the first-run screen of an empty data folder.
wait_for_start() {
    local i
    for ((i = 0; i < 200; i++)); do
        if grep -qE -- "caseaudit · (Dashboard|Welcome)" <<<"$(screen)"; then return 0; fi
        sleep 0.05
    done
    fail "waited 10s for the dashboard or the first-run screen"
}
