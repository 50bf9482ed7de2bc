import CaseAuditCore

/// The full text of the item under the cursor, wrapped to the pane.
enum EditorDetail {
    typealias Line = (String, Style)

    static func wrapped(_ text: String, _ width: Int, indent: String = "", style: Style = .plain) -> [Line] {
        TextWrap.wrap(text, width: width - TextWidth.of(indent)).map { (indent + $0, style) }
    }

    static func vagueWarnings(_ text: String, _ width: Int) -> [Line] {
        SmartCheck.vaguePhrases(in: text).flatMap { phrase in
            wrapped("! \"\(phrase)\" is not a timescale; inspectors criticised it. Give a date.", width, style: .red)
        }
    }

    /// SMART criteria met, Time-bound not counted when the checker finds no timescale and no
    /// note explains the override (so "— ongoing" cannot show 5/5).
    static func smartCount(_ r: Response?) -> Int {
        let met = r?.smart?.metCount ?? 0
        return SmartChecker.timeBoundConflict(action: r?.action ?? "", smart: r?.smart, note: r?.note) ? met - 1 : met
    }

    /// The SMART checker's findings on a plan action, one line each.
    static func smartFindings(_ action: String, _ width: Int) -> [Line] {
        guard !action.isBlank else { return [] }
        let f = SmartChecker.check(action)
        var out = wrapped("SMART check: \(f.score)/\(SmartFindings.maxScore), \(f.verdict.rawValue)", width, style: f.verdict == .smart ? .dim : .bold)
        for lack in f.lacking { out += wrapped("- " + lack.title, width, indent: "  ", style: .dim) }
        return out
    }

    static func lines(_ item: EditorItem, _ ed: EditorState, width: Int) -> [Line] {
        let a = ed.audit
        var out: [Line] = []
        func block(_ label: String, _ text: String, empty: String = "(none yet)") {
            out.append((label, .bold))
            out += text.isEmpty ? [("  " + empty, .dim)] : wrapped(text, width, indent: "  ")
        }
        switch item {
        case .question(let id):
            let s = ed.currentSection!
            let q = s.question(id)!
            let r = a.sections[s.id]?.answers[id]
            out += wrapped(q.text, width, style: .bold)
            if ed.showGuidance {
                if !q.guidance.isEmpty { out += wrapped("Guidance: " + q.guidance, width, style: .dim) }
                if !q.source.isEmpty { out += wrapped("Source: " + q.source, width, style: .dim) }
            }
            if let limit = s.limits.first(where: { $0.question == id }) {
                if let atLeast = limit.atLeast {
                    out.append(("Limiting: \(atLeast == atLeast.rounded() ? String(Int(atLeast)) : String(atLeast)) or more caps the section grade", .dim))
                } else {
                    out.append(("Limiting: \(limit.when.map(\.title).joined(separator: " or ")) here caps the section grade", .dim))
                }
            }
            switch q.type {
            case .answer:
                out += wrapped("Answer: " + (r?.answer?.title ?? "not answered"), width)
                if let ans = r?.answer, q.needsNote(ans), !(r?.hasNote ?? false) {
                    out += wrapped("! An evidence note is required for \(ans.title): press e", width, style: .red)
                }
                block("Evidence note", r?.note ?? "")
            case .smart:
                block("Action", r?.action ?? "", empty: "(none yet: press e)")
                let sm = r?.smart ?? SmartCheck()
                let conflict = SmartChecker.timeBoundConflict(action: r?.action ?? "", smart: sm, note: r?.note)
                let marks = [("1 Specific", sm.specific), ("2 Measurable", sm.measurable), ("3 Achievable", sm.achievable),
                             ("4 Realistic", sm.realistic), ("5 Time-bound", sm.timeBound && !conflict)]
                out += wrapped(marks.map { "[\($0.1 ? "x" : "\u{A0}")]\u{A0}\($0.0.replacingOccurrences(of: " ", with: "\u{A0}"))" }
                    .joined(separator: "  "), width)
                if conflict {
                    out += wrapped("! Time-bound is not counted: no timescale in the action and no note saying why", width, style: .red)
                }
                if r?.hasNote ?? false { block("Note (Time-bound override)", r?.note ?? "") }
                out += vagueWarnings(r?.action ?? "", width)
                out += smartFindings(r?.action ?? "", width)
            case .choice:
                out += wrapped("Answer: " + (r?.value ?? "not chosen"), width)
                out += wrapped("Options: " + q.options.joined(separator: ", "), width, style: .dim)
            case .grade:
                out.append(("Grade: " + (r?.value.flatMap(Grade.init(rawValue:))?.title ?? "not graded"), .plain))
            case .text:
                block("Answer", r?.value ?? "", empty: "(none yet: press e)")
            case .date, .number:
                out += wrapped("Answer: " + (r?.value ?? "none yet: press Enter"), width)
            }
        case .grade:
            let s = ed.currentSection!
            let rec = a.sections[s.id]
            let j = Judgement(grade: rec?.grade, rationale: rec?.rationale ?? "", moderation: rec?.moderation)
            out += wrapped("Grade: " + (j.grade == nil && j.moderation == nil ? "not graded" : AuditSummary.gradeText(j)), width, style: .bold)
            if j.moderation != nil { out += wrapped(AuditSummary.moderationNote(j), width, style: .dim) }
            var advice = "Suggested from the answers: " + (GradeSuggestion.suggest(section: s, record: rec, cohort: a.cohort)?.title ?? "none yet")
            if let cap = GradeSuggestion.cap(section: s, record: rec, cohort: a.cohort) {
                advice += "; a limiting answer caps it at \(cap.title)"
            }
            out += wrapped(advice, width, style: .dim)
            for reason in GradeSuggestion.explain(section: s, record: rec, cohort: a.cohort).reasons where rec != nil {
                out += wrapped(reason, width, indent: "  ", style: .dim)
            }
            if let last = ed.earlier.first, let g = last.grades[s.id] {
                out += wrapped("Previous audit (\(last.month?.description ?? "—")): \(g.title)", width, style: .dim)
            }
            block("Rationale", rec?.rationale ?? "")
        case .overallGrade:
            out += wrapped("Overall grade: " + (a.overall.grade == nil && a.overall.moderation == nil ? "not graded"
                : AuditSummary.gradeText(a.overall)), width, style: .bold)
            if a.overall.moderation != nil { out += wrapped(AuditSummary.moderationNote(a.overall), width, style: .dim) }
            if !ed.template.overallGuidance.isEmpty { out += wrapped(ed.template.overallGuidance, width, style: .dim) }
            let graded = ed.template.gradedSections.compactMap { a.effectiveGrade(section: $0.id) }.filter { $0 != .na }
            if !graded.isEmpty {
                out += wrapped("Sections: " + graded.map(Views.gradeWord).joined(separator: ", "), width, style: .dim)
            }
            if !ed.earlier.isEmpty {
                out += wrapped("Earlier audits of \(a.caseRef): " + ed.earlier.prefix(4).map {
                    "\($0.month?.description ?? "—") \(Views.gradeWord($0.overall))"
                }.joined(separator: "; "), width, style: .dim)
            }
            block("Rationale", a.overall.rationale)
        case .action(let i):
            let action = a.actions[i]
            block("What", action.what)
            out += wrapped("Who: " + action.who, width)
            out += wrapped("By: " + action.by + (action.done ? " (done\(action.doneOn.map { " on \($0)" } ?? ""))" : ""), width)
            if let from = action.carriedFrom {
                out.append(("Carried over from audit \(from)", .dim))
                out.append(("Outcome: " + (action.outcome.map { $0.rawValue.replacingOccurrences(of: "-", with: " ") }
                    ?? "not recorded yet: press d"), action.outcome == nil ? .red : .plain))
            }
            out += vagueWarnings(action.what, width)
        case .workerFeedback: block("Feedback from the worker", a.feedback.worker)
        case .feedbackToWorker: block("Feedback to the worker (from the auditor)", a.feedback.toWorker)
        case .workerReply:
            let r = a.feedback.reply
            block("The worker's reply", r.map { "\($0.agreement.title)\($0.date.isEmpty ? "" : " (\($0.date))")" } ?? "",
                  empty: "(none yet: press Enter)")
            if let text = r?.text, !text.isEmpty { out += wrapped(text, width, indent: "  ") }
        case .familyFeedback: block("Feedback from the family", a.feedback.family)
        }
        return out
    }
}
