# Prints the "Every question" tables of docs/template-sources.md from AuditTemplates/*.yaml (run from the repository root).
import yaml, glob, os
order = ["child-journey","child-journey-lac","plan-smart","supervision-file","front-door-contact","contact-arrangements","pep-quality","pathway-plan"]
out=[]
for tid in order:
    t = yaml.safe_load(open(f"AuditTemplates/{tid}.yaml"))
    out.append(f"\n### `{tid}` (version {t['version']})\n")
    out.append("| section | question | source |")
    out.append("| --- | --- | --- |")
    for s in t['sections']:
        limited = {l['question'] for l in s.get('limits') or []}
        for q in s['questions']:
            src = q.get('source','').replace('|','\\|')
            mark = ""
            if q['id'] in limited: mark = " (limits)"
            out.append(f"| {s['id']} | `{q['id']}`{mark} | {src} |")
print("\n".join(out))
