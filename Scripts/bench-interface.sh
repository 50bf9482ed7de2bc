#!/usr/bin/env bash
# Times the terminal interface as a person meets it, from outside the program: it runs on a
# pseudo-terminal (100x30), a key is written, and the key's time is from writing it to the last
# byte of the screen it draws (the output then stays quiet for QUIET ms); for Esc, less the 25 ms
# ncurses waits to tell a lone Esc from an escape sequence. Opening is timed from
# starting the process to the last byte of the dashboard with its figures (`ui open`), and to
# the words of the first screen, drawn while the audits load (`ui first`). Targets (docs/performance.md):
# opens in under 0.5 s, every key in under 16 ms.
#
# The keys: l, j x 50, /status:draft, open a draft, j x 3, y (answers: saves), Esc, Esc, t, t,
# r, b x 3, p, p, [, [, ], p, [ (periods), b x 2, p, b x 5, d, Enter (a drill-down), Esc, Esc, q. The data directory is changed by the answer.
#
# usage: Scripts/bench-interface.sh [AUDITS] [SEED]      (defaults: 100000 1)
# env:   DATA=DIR reuses a filled data directory; KEEP=1 keeps the one made here; QUIET=ms (30);
#        BIN=PATH times that build instead of building a release one; RUNS=timed skips the
#        warm-up run (the cache is warm already).
set -euo pipefail
AUDITS=${1:-100000}
SEED=${2:-1}
cd "$(dirname "$0")/.."
ROOT=$(pwd)
if [ -z "${BIN:-}" ]; then
    echo "== building release" >&2
    swift build -c release 2>&1 | tail -1 >&2
    BIN="$ROOT/.build/release/caseaudit"
fi
export CASEAUDIT_TEMPLATES="$ROOT/AuditTemplates"
if [ -z "${DATA:-}" ]; then
    DATA=$(mktemp -d /tmp/caseaudit-bench-ui.XXXXXX)
    [ -n "${KEEP:-}" ] || trap 'rm -rf "$DATA"' EXIT
    echo "== caseaudit demo --audits $AUDITS --seed $SEED" >&2
    "$BIN" demo --data "$DATA" --audits "$AUDITS" --seed "$SEED" >/dev/null
fi
echo "== a first run fills the cache; the second is timed" >&2
for run in ${RUNS:-warm-up timed}; do
python3 - "$BIN" "$DATA" "${QUIET:-30}" "$run" <<'PY'
import os, pty, select, struct, sys, termios, fcntl, time

binary, data, quiet, run = sys.argv[1], sys.argv[2], int(sys.argv[3]) / 1000, sys.argv[4]
start = time.monotonic()
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm-256color"
    os.execv(binary, [binary, "--data", data])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))

def drain(until_text=None, limit=2.0):
    """Reads until the output has been quiet for `quiet` s (after `until_text`, if given), at
    most `limit` s; returns the time of the last byte read (None: nothing came) and the text."""
    last, text, seen = None, b"", until_text is None
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            if seen and last is not None:
                break
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        last = time.monotonic()
        text += chunk
        global first
        if first is None and (b"Loading the audits" in text or b"Dashboard" in text):
            first = last
        if not seen and until_text in text:
            seen = True
    return last, text

first = None  # when the first screen's words arrived (while the audits load, a screen that says so)
opened, _ = drain(b"Dashboard", limit=300)
keys = [("l", "l")] + [("j", "j")] * 50 + [("/", "/")] + [(c, c) for c in "status:draft"] + [
    ("\r", "Enter (filter)"), ("\r", "Enter (open a draft)")] + [("j", "j")] * 3 + [
    ("y", "y (answer, saves)"), ("\x1b", "Esc (to the list)"), ("\x1b", "Esc (to the dashboard)"),
    ("t", "t (quarters)"), ("t", "t (months)"), ("r", "r (reports)"), ("b", "b (quarter)"), ("b", "b (year)"),
    ("b", "b (team)"), ("p", "p (team by a month)"), ("p", "p (team by a quarter)"), ("[", "[ (quarter before)"),
    ("[", "[ (quarter before)"), ("]", "] (quarter after)"), ("p", "p (team by a year)"), ("[", "[ (year before)"),
    ("b", "b (auditor by a year)"), ("b", "b (template by a year)"), ("p", "p (template, usual range)"),
    ("b", "b (month)"), ("b", "b (quarter)"), ("b", "b (year)"), ("b", "b (team)"),
    ("b", "b (auditor)"), ("d", "d (grade distributions)"), ("\r", "Enter (drill-down)"),
    ("\x1b", "Esc (to the reports)"), ("\x1b", "Esc (to the dashboard)")]
times = []
for k, name in keys:
    sent = time.monotonic()
    os.write(fd, k.encode())
    last, _ = drain()
    if last is not None:
        # ncurses waits ESCDELAY (25 ms, set by the program) for a byte after Esc; not ours to count.
        times.append((last - sent - (0.025 if k == "\x1b" else 0), name))
with open(f"/proc/{pid}/status") as status:
    peak = next(l.split()[1] for l in status if l.startswith("VmHWM"))
os.write(fd, b"q")
os.waitpid(pid, 0)
if run == "warm-up":
    sys.exit(0)
ms = sorted(t * 1000 for t, _ in times)
p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95 + 0.999) - 1)] if ms else float("nan")
worst = max(times) if times else (0, "-")
print(f"ui open      = {opened - start:.3f} s (target < 0.5 s): the dashboard with its figures")
print(f"ui first     = {first - start:.3f} s: the first screen (it says the audits are loading)")
print(f"ui memory    = {int(peak) // 1024} MB peak (target < 300 MB)")
print(f"ui keys      = {len(times)} keys, median {ms[len(ms) // 2]:.2f} ms, p95 {p95:.2f} ms, "
      f"slowest {worst[0] * 1000:.2f} ms ({worst[1]}) (target < 16 ms)")
print("period keys: " + ", ".join(f"{n} {t * 1000:.1f} ms" for t, n in times if n[0] in "p[]"))
slow = [f"{n} {t * 1000:.1f} ms" for t, n in times if t > 0.016]
print("over 16 ms:  " + (", ".join(slow) if slow else "none"))
PY
done
left=$(pgrep -f -- "--data $DATA" || true)
echo "caseaudit processes left after quitting: ${left:-none}"
[ -z "$left" ]
