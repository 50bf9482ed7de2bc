#!/usr/bin/env python3
"""Fallback audit generator for Scripts/bench.sh when `caseaudit demo` is not available.

Writes N synthetic audit files shaped like the program's own (pretty-printed, sorted keys,
answers with evidence notes), spread over 18 months. Invented names only.
usage: gen-audits.py DATA_DIR N [SEED]
"""
import json, os, random, sys

data, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
os.makedirs(os.path.join(data, "audits"), mode=0o700, exist_ok=True)
teams = ["North Locality", "South Locality", "Children in Care", "Front Door", "Disabled Children"]
people = ["Ann Example", "Bo Sample", "Cy Placeholder", "Di Fictional", "Ed Invented", "Fi Madeup"]
templates = {
    "child-journey": (["chronology", "assessment", "plan", "visits", "voice", "core-group", "supervision"], ["CIN", "CP"]),
    "child-journey-lac": (["chronology", "assessment", "plan", "permanence", "contact", "visits", "voice", "supervision"], ["LAC", "CL"]),
}
grades = ["outstanding", "good", "requires-improvement", "inadequate"]
months = [f"{2017 + (5 + i) // 12}-{(5 + i) % 12 + 1:02d}" for i in range(18)]
for i in range(n):
    month = months[i * 18 // n]
    tid = rng.choice(list(templates))
    sections, cohorts = templates[tid]
    aid = f"{month}-g{i:07x}"
    secs = {}
    for s in sections:
        answers = {}
        for q in range(1, 6):
            a = rng.choice(["yes", "yes", "partly", "no", "na"])
            r = {"answer": a}
            if a in ("no", "partly"):
                r["note"] = f"Evidence for {s} question {q}: the record shows some gaps; see the case notes of {month}."
            answers[f"{s}-q{q}"] = r
        secs[s] = {"answers": answers, "grade": rng.choice(grades),
                   "rationale": f"The {s} is {rng.choice(['clear', 'mostly clear', 'unclear'])} and child focused in parts."}
    audit = {
        "actions": [{"by": f"{month}-28", "done": False, "what": "Update the chronology", "who": "Ed Invented"}],
        "auditor": rng.choice(people), "case_ref": f"CR-{rng.randint(100000, 999999)}",
        "cohort": rng.choice(cohorts), "completed": f"{month}-15T10:00:00Z", "created": f"{month}-14T09:00:00Z",
        "feedback": {"family": "", "worker": "Helpful discussion."}, "id": aid, "month": month,
        "origin": "demo", "overall": {"grade": rng.choice(grades), "rationale": "Overall judgement."},
        "schema": 1, "sections": secs, "status": "draft" if rng.random() < 0.03 else "complete",
        "team": rng.choice(teams), "template": {"id": tid, "version": 1},
        "updated": f"{month}-15T10:00:00Z", "worker": rng.choice(people),
    }
    path = os.path.join(data, "audits", aid + ".json")
    with open(path, "w") as f:
        f.write(json.dumps(audit, indent=2, sort_keys=True, separators=(",", " : ")) + "\n")
    os.chmod(path, 0o600)
