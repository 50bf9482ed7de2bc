import CaseAuditCore

/// Sections on the left (progress, grade), the section's items on the right, and below them
/// the current item in full: question, guidance, answer, note, warnings.
enum EditorView {
    /// The section list's width: as wide as its longest name needs (title, progress, grade), but
    /// at most 30 columns below 100 and two fifths of the screen above; longer names wrap.
    static func leftWidth(_ width: Int, _ template: AuditTemplate) -> Int {
        let natural = (template.sections.map { TextWidth.of($0.title) }.max() ?? 0) + 12
        return max(25, min(natural, width < 100 ? 30 : width * 2 / 5))
    }

    static func draw(_ state: AppState, into grid: inout CellGrid) {
        guard let ed = state.editor else { return }
        if let form = ed.details {
            DetailsView.draw(state, ed, form, into: &grid)
            return
        }
        let a = ed.audit
        let mode: String
        switch ed.readOnly {
        // A viewer's audit a colleague amended and left a draft (`changedOnDisk`) says so.
        case .completed?: mode = a.status == .complete ? "COMPLETE · read-only" : "draft · read-only"
        case .locked?: mode = "LOCKED · read-only"
        case nil: mode = ed.amendReason == nil ? "draft" : "draft (amending)"
        }
        let title = "Audit \(a.caseRef) · \(a.cohort?.rawValue ?? "—") · \(a.team) · \(a.month?.description ?? "—")"
        // Where "COMPLETE · read-only" would be cut, its first word stands alone: the status
        // line already says the audit is read-only and why.
        let room = grid.width - TextWidth.of(title) - 4
        let shown = TextWidth.of(mode) <= room ? mode : String(mode.split(separator: " ").first ?? "")
        Chrome.titleBar(&grid, title, right: shown)
        let templateName = grid.width >= 100 ? ed.template.title : ed.template.id
        // The audit id first: it is what `caseaudit summary ID` takes. The line wraps (at most
        // two rows) rather than lose the worker's name.
        let parts = ["id \(a.id)", "\(templateName) v\(ed.template.version)", "auditor \(a.auditor)",
                     "worker \(a.worker.isEmpty ? "—" : a.worker)"]
        let headerRows = Array(headerLines(parts, width: max(1, grid.width - 2)).prefix(2))
        for (i, text) in headerRows.enumerated() { grid.put(" " + text, row: 1 + i, column: 0, style: .dim) }
        let left = leftWidth(grid.width, ed.template)
        Chrome.rule(&grid, row: 1 + headerRows.count)
        let bodyTop = 2 + headerRows.count, bodyBottom = grid.height - 3
        guard bodyTop <= bodyBottom else { return }
        for r in bodyTop...bodyBottom { grid.put("│", row: r, column: left, style: .dim) }
        drawSections(ed, into: &grid, width: left, top: bodyTop, bottom: bodyBottom)
        drawItems(ed, into: &grid, column: left + 2, width: grid.width - left - 3, top: bodyTop, bottom: bodyBottom)
        Chrome.status(&grid, state.status ?? (ed.readOnly != nil ? EditorReducer.readOnlyMessage(ed) : nil))
        Chrome.keys(&grid, KeyBindings.footer(state))
    }

    /// The header's parts joined by " · ", a row broken only between parts (so a name is not
    /// split over two rows); when that needs more than two rows, wrapped at any space instead.
    static func headerLines(_ parts: [String], width: Int) -> [String] {
        var rows: [String] = []
        for part in parts {
            if let last = rows.last, TextWidth.of(last) + 3 + TextWidth.of(part) <= width {
                rows[rows.count - 1] = last + " · " + part
            } else {
                rows.append(part)
            }
        }
        let fits = rows.count <= 2 && rows.allSatisfy { TextWidth.of($0) <= width }
        return fits ? rows : TextWrap.wrap(parts.joined(separator: " · "), width: width)
    }

    /// `c` without gaps: what completing will record (`EditorReducer.completionSummary`), and
    /// the two answers, in a box over the editor.
    static func drawCompleteConfirm(_ state: AppState, into grid: inout CellGrid) {
        guard let ed = state.editor else { return }
        let width = min(grid.width - 2, 76)
        var text: [(String, Style)] = []
        for line in EditorReducer.completionSummary(ed) {
            let style: Style = line.hasPrefix("! ") ? .red : .plain
            text += TextWrap.wrap(line, width: width - 4).map { ($0, style) }
        }
        let choices = KeyBindings.completeConfirm.bindings.map { $0.label.padding(toLength: 9, withPad: " ", startingAt: 0) + $0.help }
        let height = min(grid.height - 2, text.count + choices.count + 3)
        let row = max(1, (grid.height - height) / 2)
        let col = max(0, (grid.width - width) / 2)
        let inner = Chrome.box(&grid, row: row, column: col, width: width, height: height,
                               title: "Complete audit \(ed.audit.caseRef)?")
        var r = inner.row
        // The answers stay on screen however long the summary is: the summary gives way.
        for (line, style) in text.prefix(max(0, inner.height - choices.count - 1)) {
            grid.put(line, row: r, column: inner.column, style: style, maxColumns: inner.width)
            r += 1
        }
        r += 1
        for line in choices where r < inner.row + inner.height {
            grid.put(line, row: r, column: inner.column, style: .bold, maxColumns: inner.width)
            r += 1
        }
    }

    static func progress(_ ed: EditorState, section s: TemplateSection) -> (done: Int, total: Int) {
        let qs = s.questions(for: ed.audit.cohort)
        let rec = ed.audit.sections[s.id]
        let done = qs.filter { q in
            guard let r = rec?.answers[q.id] else { return false }
            switch q.type {
            case .answer: return r.answer != nil
            case .smart: return !(r.action ?? "").isEmpty
            default: return !(r.value ?? "").isEmpty
            }
        }.count
        return (done, qs.count)
    }

    /// One screen row of the section list: the section it belongs to, and its text.
    typealias SectionLine = (section: Int, text: String)

    /// The section list's rows: a long name wraps onto more rows, progress and grade on its first.
    static func sectionLines(_ ed: EditorState, width: Int) -> [SectionLine] {
        let nameWidth = max(1, width - 12)
        var lines: [SectionLine] = []
        for index in 0...ed.template.sections.count {
            let name: String, progressText: String, grade: String
            if index == ed.template.sections.count {
                name = "Overall"
                progressText = ""
                grade = gradeShort(ed.audit.effectiveOverall, moderated: ed.audit.overall.moderation != nil)
            } else {
                let s = ed.template.sections[index]
                let p = progress(ed, section: s)
                name = s.title
                progressText = "\(p.done)/\(p.total)"
                grade = s.graded ? gradeShort(ed.audit.effectiveGrade(section: s.id),
                                              moderated: ed.audit.sections[s.id]?.moderation != nil) : ""
            }
            for (i, part) in TextWrap.wrap(name, width: nameWidth).enumerated() {
                let tail = i == 0 ? " " + TextWidth.fit(progressText, columns: 6) + TextWidth.fit(grade, columns: 4) : ""
                lines.append((index, " " + TextWidth.fit(part, columns: nameWidth) + tail))
            }
        }
        return lines
    }

    static func drawSections(_ ed: EditorState, into grid: inout CellGrid, width: Int, top: Int, bottom: Int) {
        let lines = sectionLines(ed, width: width)
        let height = bottom - top + 1
        // Scroll (by screen rows) only as far as needed to show all of the selected section's rows.
        let selected = lines.indices.filter { lines[$0].section == ed.section }
        var first = 0
        if let last = selected.last, last >= height {
            first = last - height + 1
            // Start on a section's first row, not half-way through a wrapped name.
            while first < selected.first!, lines[first].section == lines[first - 1].section { first += 1 }
            first = min(first, selected.first!)
        }
        for i in 0..<height where first + i < lines.count {
            let line = lines[first + i]
            grid.put(line.text, row: top + i, column: 0, maxColumns: width)
            if line.section == ed.section { Chrome.select(&grid, row: top + i, column: 0, width: width) }
        }
    }

    static func gradeShort(_ g: Grade?) -> String { g.map { $0 == .na ? "N/A" : $0.short } ?? "·" }

    /// A moderated grade is marked `*`: the grade that counts, the auditor's shown in the detail.
    static func gradeShort(_ g: Grade?, moderated: Bool) -> String { gradeShort(g) + (moderated ? "*" : "") }

    /// "G*←O": the moderated grade that counts, then the auditor's.
    static func gradeStatus(_ j: Judgement) -> String {
        guard let m = j.moderation else { return gradeShort(j.grade) }
        return gradeShort(m.grade) + "*←" + gradeShort(j.grade)
    }

    static func itemLabel(_ item: EditorItem, _ ed: EditorState) -> (status: String, text: String) {
        let a = ed.audit
        switch item {
        case .question(let id):
            let s = ed.currentSection!
            let q = s.question(id)!
            let r = a.sections[s.id]?.answers[id]
            var status = "·"
            switch q.type {
            case .answer: status = r?.answer?.title ?? "·"
                if let ans = r?.answer, q.needsNote(ans), !(r?.hasNote ?? false) { status += "!" }
            case .smart: status = r?.action == nil ? "·" : "\(EditorDetail.smartCount(r))/5"
            case .grade: status = gradeShort(r?.value.flatMap(Grade.init(rawValue:)))
            default: status = r?.value.map { $0.split(separator: "\n").first.map(String.init) ?? "" } ?? "·"
            }
            return (status, (q.required ? "" : "(optional) ") + q.text)
        case .grade:
            let rec = a.sections[ed.currentSection!.id] ?? SectionRecord()
            return (gradeStatus(Judgement(grade: rec.grade, moderation: rec.moderation)), "Section grade and rationale")
        case .overallGrade: return (gradeStatus(a.overall), "Overall grade and rationale")
        case .action(let i):
            let action = a.actions[i]
            let status = action.outcome.map { o in o == .done ? "done" : o == .notDone ? "not done" : "no need" }
                ?? (action.done ? "done" : "by \(action.by)")
            return (status, (action.carriedFrom == nil ? "Action: " : "Carried over: ") + action.what)
        case .workerFeedback: return (a.feedback.worker.isEmpty ? "·" : "✓", "Feedback from the worker")
        case .feedbackToWorker: return (a.feedback.toWorker.isEmpty ? "·" : "✓", "Feedback to the worker")
        case .workerReply: return (a.feedback.reply?.agreement.rawValue ?? "·", "The worker's reply")
        case .familyFeedback: return (a.feedback.family.isEmpty ? "·" : "✓", "Feedback from the family")
        }
    }

    static func drawItems(_ ed: EditorState, into grid: inout CellGrid, column: Int, width: Int, top: Int, bottom: Int) {
        var row = top
        let a = ed.audit
        if let s = ed.currentSection {
            var head = s.title + (s.graded ? "" : " (not graded)")
            if s.graded {
                let record = a.sections[s.id]
                if let suggestion = GradeSuggestion.suggest(section: s, record: record, cohort: a.cohort) {
                    head += " · suggested: \(suggestion.title)"
                }
                if let cap = GradeSuggestion.cap(section: s, record: record, cohort: a.cohort) {
                    head += " (capped at \(Views.gradeWord(cap)))"
                }
            }
            for line in TextWrap.wrap(head, width: width) where row <= bottom {
                grid.put(line, row: row, column: column, style: .bold)
                row += 1
            }
            if ed.showGuidance && !s.guidance.isEmpty {
                for line in TextWrap.wrap(s.guidance, width: width).prefix(3) {
                    grid.put(line, row: row, column: column, style: .dim)
                    row += 1
                }
            }
        } else {
            grid.put("Overall: grade, actions and feedback", row: row, column: column, style: .bold, maxColumns: width)
            row += 1
        }
        let items = ed.items(ed.section)
        let available = bottom - row + 1
        let listHeight = max(1, min(items.count, available / 2))
        let first = Viewport.top(selected: ed.item, previousTop: ed.itemTop, height: listHeight, count: items.count)
        let labels = items.map { itemLabel($0, ed) }
        // The answer column is as wide as the section's longest answer (a date, a chosen option),
        // up to two fifths of the pane; the question text on the row gives way (it is in full below).
        // Free text (a text answer's first line) does not widen it: it is a glimpse, shown whole below.
        let widest = zip(items, labels).map { item, label in
            if case .question(let id) = item, ed.currentSection?.question(id)?.type == .text { return 8 }
            return TextWidth.of(label.status)
        }.max() ?? 0
        let statusWidth = min(max(8, widest), max(8, width * 2 / 5))
        for i in 0..<listHeight where first + i < items.count {
            let (status, text) = labels[first + i]
            let selected = first + i == ed.item
            grid.put((selected ? "▸ " : "  ") + TextWidth.fit(status, columns: statusWidth) + " "
                     + TextWidth.fit(text, columns: max(1, width - statusWidth - 3)),
                     row: row, column: column, maxColumns: width)
            if selected { Chrome.select(&grid, row: row, column: column, width: width) }
            row += 1
        }
        Chrome.rule(&grid, row: row, column: column, width: width)
        row += 1
        guard let item = ed.currentItem else { return }
        let lines = EditorDetail.lines(item, ed, width: width)
        for (text, style) in lines where row <= bottom {
            grid.put(text, row: row, column: column, style: style, maxColumns: width)
            row += 1
        }
    }
}
