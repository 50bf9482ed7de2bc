import CaseAuditCore
import Foundation

enum EditorReducer {
    static func opened(_ state: inout AppState, audit: Audit, template: AuditTemplate?, lockedBy: LockHolder?) -> [Effect] {
        guard let template else {
            state.status = "Cannot open \(audit.id): template \(audit.template.key) is not available (check --templates)"
            return lockedBy == nil ? [.releaseLock(id: audit.id)] : []
        }
        var editor = EditorState(audit: audit, template: template)
        editor.rowIndex = state.rowIndex(of: audit.id, hint: state.list.openedRow)
        editor.earlier = AuditSummary.earlier(than: audit, among: state.rows)
        if let lockedBy {
            editor.readOnly = .locked(lockedBy)
        } else if audit.status == .complete {
            editor.readOnly = .completed
        }
        // A draft reopens where this user left it; a position that no longer fits opens at the start.
        if editor.readOnly == nil, let p = state.positions[audit.id], place(&editor, at: p) {
            state.status = "Reopened where you left it: \(editor.currentSection?.title ?? "Overall")"
        }
        state.editor = editor
        state.note = nil
        state.screen = .editor
        return []
    }

    /// Where the cursor is, as the positions file keeps it (by id, so it survives nothing but
    /// the same template version).
    static func position(_ ed: EditorState) -> EditorPosition {
        let section = ed.currentSection?.id ?? EditorPosition.overall
        switch ed.currentItem {
        case .question(let id)?: return EditorPosition(section: section, item: id)
        case .grade?: return EditorPosition(section: section, item: "grade")
        default: return EditorPosition(section: section, item: String(ed.item))
        }
    }

    /// Puts the cursor at `p`; false (and the cursor left alone) when `p` names a section or
    /// item the audit no longer has.
    static func place(_ ed: inout EditorState, at p: EditorPosition) -> Bool {
        let section = p.section == EditorPosition.overall ? ed.template.sections.count
            : ed.template.sections.firstIndex { $0.id == p.section }
        guard let section else { return false }
        let items = ed.items(section)
        let item: Int?
        if section == ed.template.sections.count {
            item = Int(p.item).flatMap { items.indices.contains($0) ? $0 : nil }
        } else {
            item = items.firstIndex(of: p.item == "grade" ? .grade : .question(p.item))
        }
        guard let item else { return false }
        ed.section = section
        ed.item = item
        return true
    }

    static func reduce(_ state: inout AppState, _ action: Action, _ context: ReduceContext) -> [Effect] {
        guard var ed = state.editor else { return [] }
        if ed.details != nil { return DetailsReducer.reduce(&state, action, context) }
        let count = ed.items(ed.section).count
        switch action {
        case .up: ed.item = max(0, ed.item - 1)
        case .down: ed.item = min(max(0, count - 1), ed.item + 1)
        case .pageUp: ed.item = max(0, ed.item - 5)
        case .pageDown: ed.item = min(max(0, count - 1), ed.item + 5)
        case .first: ed.item = 0
        case .last: ed.item = max(0, count - 1)
        case .nextSection: move(&ed, toSection: min(ed.template.sections.count, ed.section + 1))
        case .previousSection: move(&ed, toSection: max(0, ed.section - 1))
        case .toggleGuidance: ed.showGuidance.toggle()
        case .back:
            state.editor = ed
            // Leaving would drop the only copy of the change: ask first.
            if state.unsaved != nil {
                state.overlay = .unsavedConfirm
                return []
            }
            return leave(&state)
        case .saveNow:
            state.editor = ed
            return saveAgain(&state)
        case .undo:
            state.editor = ed
            return undo(&state, context)
        case .answer(let a): state.editor = ed; return answer(&state, a, context)
        case .grade(let g): state.editor = ed; return grade(&state, g, context)
        case .toggleSmart(let n): state.editor = ed; return toggleSmart(&state, n, context)
        case .editNote, .open: state.editor = ed; return edit(&state)
        case .complete: state.editor = ed; return complete(&state, context)
        case .editDetails: state.editor = ed; DetailsReducer.open(&state); return []
        case .amend:
            // Amending reads the audit from disk again, which does not hold the kept change.
            if state.unsaved != nil {
                state.status = "Save the kept change first: free some space, then press s"
                break
            }
            guard ed.readOnly == .completed else {
                state.status = ed.readOnly == nil ? "A amends a completed audit; this one is a draft" : readOnlyMessage(ed)
                break
            }
            // The lock first: a colleague's open amendment refuses this one before a reason is typed.
            state.editor = ed
            return [.lockToAmend(id: ed.audit.id)]
        case .resolveEscalation:
            if state.unsaved != nil {
                state.status = "Save the kept change first: free some space, then press s"
                break
            }
            if case .locked? = ed.readOnly { state.status = readOnlyMessage(ed); break }
            guard Escalation.state(of: ed.audit, template: ed.template) == .open else {
                state.status = "R marks an open escalation resolved; this audit has none"
                break
            }
            state.overlay = .prompt(PromptState(title: "Day the escalation was resolved (DD/MM/YYYY)",
                                                field: LineField(day(context.now)), purpose: .resolveDay))
        case .moderate: state.editor = ed; startModeration(&state)
        case .markDone:
            guard ed.readOnly == nil else { state.status = readOnlyMessage(ed); break }
            guard case .action(let i)? = ed.currentItem else { break }
            let action = ed.audit.actions[i]
            if action.carriedFrom != nil {
                state.overlay = .chooser(ChooserState(title: "How did this carried-over action end?",
                                                      options: ["Done", "Not done", "No longer needed"],
                                                      selected: action.outcome.flatMap { ActionOutcome.allCases.firstIndex(of: $0) } ?? 0,
                                                      purpose: .actionOutcome(index: i)))
            } else if action.done {
                state.editor = ed
                state.status = "Marked not done"
                return change(&state, context, what: "not-done mark") { $0.actions[i].done = false; $0.actions[i].doneOn = nil }
            } else {
                state.overlay = .prompt(PromptState(title: "Done on (DD/MM/YYYY)", field: LineField(QAFigures.day(context.now)),
                                                    purpose: .actionDone(index: i)))
            }
        case .export:
            SetupReducer.askSummary(&state, id: ed.audit.id)
        case .addAction:
            guard ed.readOnly == nil else { state.status = readOnlyMessage(ed); break }
            state.overlay = .prompt(PromptState(title: "New action: what is to be done?", field: LineField(),
                                                purpose: .actionWhat(index: nil)))
        case .deleteAction:
            guard case .action(let i)? = ed.currentItem else { break }
            // Deleting a carried-over action would skip the outcome both audits must record.
            if ed.readOnly == nil, ed.audit.actions[i].carriedFrom != nil {
                state.status = "A carried-over action is not deleted: d records how it ended (done, not done or no longer needed)"
                break
            }
            state.editor = ed
            let effects = change(&state, context, what: "deletion of the action") { audit in audit.actions.remove(at: i) }
            if !effects.isEmpty { state.status = "Action deleted: u to undo" }
            return effects
        default: break
        }
        state.editor = ed
        return []
    }

    /// Closes the editor for the list, letting the lock go unless someone else held it.
    static func leave(_ state: inout AppState) -> [Effect] {
        guard let ed = state.editor else { return [] }
        let remember = rememberPosition(&state)
        state.editor = nil
        ListReducer.enter(&state)
        if case .locked? = ed.readOnly { return remember }
        return remember + [.releaseLock(id: ed.audit.id)]
    }

    /// Keeps where this user is in the open draft for next time; a completed audit's position is
    /// forgotten (it opens at the start, read-only). Someone else's draft is not this user's to keep.
    static func rememberPosition(_ state: inout AppState) -> [Effect] {
        guard let ed = state.editor else { return [] }
        switch ed.readOnly {
        case nil:
            let p = position(ed)
            guard state.positions[ed.audit.id] != p else { return [] }
            state.positions[ed.audit.id] = p
            return [.rememberPosition(id: ed.audit.id, p)]
        case .completed?:
            guard state.positions.removeValue(forKey: ed.audit.id) != nil else { return [] }
            return [.rememberPosition(id: ed.audit.id, nil)]
        case .locked?:
            return []
        }
    }

    /// `s`: saves the kept change again; with nothing kept, says so.
    static func saveAgain(_ state: inout AppState) -> [Effect] {
        guard let change = state.unsaved else {
            state.status = "Nothing to save: every change is on disk"
            return []
        }
        return [.save(change.audit, reason: change.reason)]
    }

    /// "Leave anyway" in `unsavedConfirm`: the kept change is dropped and remembered for the
    /// exit status and the message on standard error.
    static func leaveUnsaved(_ state: inout AppState) -> [Effect] {
        guard let change = state.unsaved else { return leave(&state) }
        state.lost.append(change.summary)
        state.unsaved = nil
        // The list and the counts were moved with the change; the file's version puts them back.
        return leave(&state) + [.reload(id: change.audit.id)]
    }

    static func move(_ ed: inout EditorState, toSection s: Int) {
        guard s != ed.section else { return }
        ed.section = s
        ed.item = 0
        ed.itemTop = 0
    }

    static func readOnlyMessage(_ ed: EditorState) -> String {
        switch ed.readOnly {
        case .locked(let h)?: return h.readOnlyMessage
        case .completed?: return "Read-only: this audit is complete; press A to amend it (a reason is asked)"
        case nil: return ""
        }
    }

    /// Applies a change to the open audit and saves it as a draft at once; `u` can take it back
    /// (`what` names it then).
    static func change(_ state: inout AppState, _ context: ReduceContext, what: String = "change",
                       _ body: (inout Audit) -> Void) -> [Effect] {
        guard var ed = state.editor else { return [] }
        if ed.readOnly != nil {
            state.status = readOnlyMessage(ed)
            return []
        }
        ed.undo.append(UndoStep(audit: ed.audit, what: what, section: ed.section, item: ed.item))
        if ed.undo.count > UndoStep.limit { ed.undo.removeFirst(ed.undo.count - UndoStep.limit) }
        body(&ed.audit)
        ed.audit.updated = context.now
        let count = ed.items(ed.section).count
        ed.item = min(ed.item, max(0, count - 1))
        state.editor = ed
        state.upsert(ed.audit)
        return [.save(ed.audit, reason: ed.amendReason)]
    }

    /// `u`: puts the audit back as it was before this session's last change, with the cursor
    /// where that change was made, and saves it like any change.
    static func undo(_ state: inout AppState, _ context: ReduceContext) -> [Effect] {
        guard var ed = state.editor else { return [] }
        if ed.readOnly != nil {
            state.status = readOnlyMessage(ed)
            return []
        }
        guard let step = ed.undo.popLast() else {
            state.status = "Nothing to undo: no change has been made to this audit since it was opened"
            return []
        }
        ed.audit = step.audit
        ed.audit.updated = context.now
        ed.section = min(step.section, ed.template.sections.count)
        ed.item = min(step.item, max(0, ed.items(ed.section).count - 1))
        state.editor = ed
        state.upsert(ed.audit)
        state.status = "Undone: the \(step.what)" + (ed.undo.isEmpty ? "" : "; u again undoes the change before")
        return [.save(ed.audit, reason: ed.amendReason)]
    }

    static func answer(_ state: inout AppState, _ a: Answer, _ context: ReduceContext) -> [Effect] {
        guard let ed = state.editor, let section = ed.currentSection else { return [] }
        guard let q = ed.currentQuestion, q.type == .answer else {
            state.status = "y p n x answer Yes/Partly/No/N/A questions; choose this item with Enter"
            return []
        }
        let effects = change(&state, context, what: "answer") { audit in
            audit.withSection(section.id) { rec in
                var r = rec.answers[q.id] ?? Response()
                r.answer = a
                rec.answers[q.id] = r
            }
        }
        guard !effects.isEmpty else { return effects }
        let hasNote = state.editor?.audit.sections[section.id]?.answers[q.id]?.hasNote ?? false
        if q.needsNote(a) && !hasNote {
            state.status = "\(a.title) needs an evidence note: press e to write it"
        } else {
            state.editor?.item = min(ed.item + 1, ed.items(ed.section).count - 1)
        }
        return effects
    }

    static func grade(_ state: inout AppState, _ g: Grade, _ context: ReduceContext) -> [Effect] {
        guard let ed = state.editor else { return [] }
        switch ed.currentItem {
        case .grade?:
            let id = ed.currentSection!.id
            let effects = change(&state, context, what: "grade") { $0.withSection(id) { $0.grade = g } }
            if !effects.isEmpty && g != .na {
                openNote(&state, .rationale(section: id))
            }
            return effects
        case .overallGrade?:
            // Completion refuses an N/A overall grade: refused here, before it is given.
            guard g != .na else {
                state.status = "The overall grade cannot be N/A: 1 O  2 G  3 RI  4 I"
                return []
            }
            let effects = change(&state, context, what: "overall grade") { $0.overall.grade = g }
            if !effects.isEmpty && g != .na { openNote(&state, .overallRationale) }
            return effects
        case .question?:
            guard let q = ed.currentQuestion, q.type == .grade, let section = ed.currentSection else { break }
            return change(&state, context, what: "grade") { audit in
                audit.withSection(section.id) { rec in
                    var r = rec.answers[q.id] ?? Response()
                    r.value = g.rawValue
                    rec.answers[q.id] = r
                }
            }
        default: break
        }
        state.status = "1 2 3 4 (0 for N/A) grade on a section's grade row or the overall grade"
        return []
    }

    static func toggleSmart(_ state: inout AppState, _ n: Int, _ context: ReduceContext) -> [Effect] {
        guard let ed = state.editor, let q = ed.currentQuestion, q.type == .smart, let section = ed.currentSection,
              (1...5).contains(n) else { return [] }
        let response = ed.audit.sections[section.id]?.answers[q.id]
        // An action without a timescale is not time-bound unless the auditor says why in a note.
        if n == 5, ed.readOnly == nil, response?.smart?.timeBound != true,
           !SmartChecker.allowsTimeBound(response?.action ?? ""), !(response?.hasNote ?? false) {
            openNote(&state, .answerNote(section: section.id, question: q.id))
            state.status = "No timescale in the action: say why it is time-bound, Esc, then 5 again"
            return []
        }
        return change(&state, context, what: "SMART tick") { audit in
            audit.withSection(section.id) { rec in
                var r = rec.answers[q.id] ?? Response()
                var s = r.smart ?? SmartCheck()
                switch n {
                case 1: s.specific.toggle()
                case 2: s.measurable.toggle()
                case 3: s.achievable.toggle()
                case 4: s.realistic.toggle()
                default: s.timeBound.toggle()
                }
                r.smart = s
                rec.answers[q.id] = r
            }
        }
    }

    /// `e` or Enter: the note editor, a one-line field or a chooser, whichever fits the item.
    static func edit(_ state: inout AppState) -> [Effect] {
        guard let ed = state.editor else { return [] }
        if ed.readOnly != nil {
            state.status = readOnlyMessage(ed)
            return []
        }
        switch ed.currentItem {
        case .question(let qid)?:
            let section = ed.currentSection!
            let q = section.question(qid)!
            let response = ed.audit.sections[section.id]?.answers[qid]
            switch q.type {
            case .answer: openNote(&state, .answerNote(section: section.id, question: qid))
            case .text: openNote(&state, .value(section: section.id, question: qid))
            case .smart: openNote(&state, .smartAction(section: section.id, question: qid))
            case .choice, .grade:
                let options = q.type == .choice ? q.options : Grade.allCases.map(\.title)
                guard !options.isEmpty else {
                    state.status = "This question lists no options: the template needs fixing"
                    return []
                }
                let stored = q.type == .choice ? response?.value : response?.value.flatMap(Grade.init(rawValue:))?.title
                state.overlay = .chooser(ChooserState(title: q.text, options: options,
                                                      selected: options.firstIndex { $0 == stored } ?? 0,
                                                      purpose: .value(section: section.id, question: qid)))
            case .date, .number:
                let hint = q.type == .date ? " (DD/MM/YYYY)" : " (a number)"
                state.overlay = .prompt(PromptState(title: q.text + hint, field: LineField(response?.value ?? ""),
                                                    purpose: .value(section: section.id, question: qid, type: q.type)))
            }
        case .grade?: openNote(&state, .rationale(section: ed.currentSection!.id))
        case .overallGrade?: openNote(&state, .overallRationale)
        case .action(let i)?:
            state.overlay = .prompt(PromptState(title: "Action: what is to be done?",
                                                field: LineField(ed.audit.actions[i].what), purpose: .actionWhat(index: i)))
        case .workerFeedback?: openNote(&state, .workerFeedback)
        case .feedbackToWorker?: openNote(&state, .feedbackToWorker)
        case .workerReply?:
            let options = WorkerReply.Agreement.allCases.map(\.title)
            let current = ed.audit.feedback.reply.flatMap { WorkerReply.Agreement.allCases.firstIndex(of: $0.agreement) } ?? 0
            state.overlay = .chooser(ChooserState(title: "The worker's reply to the feedback", options: options,
                                                  selected: current, purpose: .replyAgreement))
        case .familyFeedback?: openNote(&state, .familyFeedback)
        case nil: break
        }
        return []
    }

    static func openNote(_ state: inout AppState, _ target: NoteTarget) {
        guard let ed = state.editor else { return }
        let (title, context) = NoteReducer.describe(target, ed)
        state.note = NoteState(target: target, title: title, context: context,
                               buffer: TextBuffer(NoteReducer.text(of: target, in: ed.audit)))
    }

    /// `c`: with gaps, the cursor goes to the first; without, what completing will record is
    /// shown and asked once (`Overlay.completeConfirm`, then `completeConfirmed`).
    static func complete(_ state: inout AppState, _ context: ReduceContext) -> [Effect] {
        guard var ed = state.editor else { return [] }
        if ed.readOnly != nil {
            state.status = readOnlyMessage(ed)
            return []
        }
        let gaps = CompletionCheck.gaps(in: ed.audit, template: ed.template)
        if let first = gaps.first {
            goTo(&ed, gap: first)
            state.editor = ed
            state.status = "\(gaps.count) gap\(gaps.count == 1 ? "" : "s") remain; first: \(first.message)"
            return []
        }
        state.overlay = .completeConfirm
        return []
    }

    /// What completing will record, for the confirmation: the grades, the actions, and what is
    /// worth a second look (a grade above a limiting answer's cap, vague action wording).
    static func completionSummary(_ ed: EditorState) -> [String] {
        let a = ed.audit
        func word(_ g: Grade?) -> String { g.map { $0 == .na ? "N/A" : $0.title } ?? "none" }
        var lines = ["Overall grade: " + word(a.effectiveOverall)]
        // RI for the longest grade, so the sections fit a line or two.
        let sections = ed.template.gradedSections.map { s in
            let g = a.effectiveGrade(section: s.id)
            return "\(s.title) \(g == .requiresImprovement ? "RI" : word(g))"
        }
        if !sections.isEmpty { lines.append("Sections: " + sections.joined(separator: ", ")) }
        let open = a.actions.filter { !$0.done }.count
        lines.append(a.actions.isEmpty ? "Actions: none" : "Actions: \(a.actions.count) (\(open) open)")
        var flags: [String] = []
        for s in ed.template.gradedSections {
            guard let cap = GradeSuggestion.cap(section: s, record: a.sections[s.id], cohort: a.cohort),
                  let g = a.effectiveGrade(section: s.id), g != .na, cap < g else { continue }
            flags.append("\(s.title) is graded \(g.title), above the \(cap.title) a limiting answer suggests")
        }
        for action in a.actions where !action.done {
            for phrase in SmartCheck.vaguePhrases(in: action.what) {
                flags.append("Action \"\(action.what)\": \"\(phrase)\" is not a timescale")
            }
        }
        lines += flags.isEmpty ? ["Nothing flagged."] : flags.map { "! " + $0 }
        lines.append("It will count in the measures and become read-only (A amends it, with a reason).")
        return lines
    }

    /// y or Enter in the completion confirmation: the audit is completed and saved.
    static func completeConfirmed(_ state: inout AppState, _ context: ReduceContext) -> [Effect] {
        guard let ed = state.editor, ed.readOnly == nil,
              CompletionCheck.gaps(in: ed.audit, template: ed.template).isEmpty else { return [] }
        let reason = ed.amendReason
        let effects = change(&state, context) { audit in
            audit.status = .complete
            audit.completed = context.now
        }
        state.editor?.readOnly = .completed
        state.editor?.amendReason = nil
        state.editor?.undo = []
        state.status = "Completed: the audit now counts in the measures"
        return effects.map { effect in
            if case .save(let a, _) = effect { return .save(a, reason: reason) }
            return effect
        }
    }

    /// Puts the cursor on a gap: a question, a section's grade row, or the overall grade.
    /// Audit details (case reference, team, ...) are set when the audit is made; the message says which.
    static func goTo(_ ed: inout EditorState, gap: CompletionGap) {
        if let sid = gap.sectionID, let s = ed.template.sections.firstIndex(where: { $0.id == sid }) {
            ed.section = s
            let items = ed.items(s)
            if let qid = gap.questionID {
                ed.item = items.firstIndex(of: .question(qid)) ?? 0
            } else {
                ed.item = items.firstIndex(of: .grade) ?? 0
            }
        } else if let i = gap.actionIndex {
            ed.section = ed.template.sections.count
            ed.item = ed.items(ed.section).firstIndex(of: .action(i)) ?? 0
        } else if gap.questionID == CompletionGap.overallField {
            ed.section = ed.template.sections.count
            ed.item = 0
        } else {
            ed.section = 0
            ed.item = 0
        }
        ed.itemTop = 0
    }

    /// `M` on a completed audit's section grade row or overall grade: choose the moderator's grade.
    static func startModeration(_ state: inout AppState) {
        guard let ed = state.editor else { return }
        guard ed.readOnly == .completed else {
            state.status = ed.readOnly == nil ? "M moderates a completed audit; complete this one first (c)" : readOnlyMessage(ed)
            return
        }
        // A kept change would be saved over by the moderation's save, or the other way round.
        if state.unsaved != nil {
            state.status = "Save the kept change first: free some space, then press s"
            return
        }
        let section: String?
        let current: Judgement
        switch ed.currentItem {
        case .grade?:
            let id = ed.currentSection!.id
            let rec = ed.audit.sections[id] ?? SectionRecord()
            section = id
            current = Judgement(grade: rec.grade, rationale: rec.rationale, moderation: rec.moderation)
        case .overallGrade?:
            section = nil
            current = ed.audit.overall
        default:
            state.status = "M moderates a grade: move to a section's grade row or the overall grade"
            return
        }
        let options = Grade.scale.map(\.title)
        let shown = current.moderation?.grade ?? current.grade
        let what = section.flatMap { ed.template.section($0)?.title } ?? "Overall"
        state.overlay = .chooser(ChooserState(
            title: "Moderate \(what) (auditor: \(current.grade?.short ?? "none"))",
            options: options, selected: options.firstIndex { $0 == shown?.title } ?? 1,
            purpose: .moderate(section: section)))
    }

    /// Records the moderator's grade and rationale on the completed audit and saves it; the
    /// repository records only-moderation changes as a `moderate` history entry, by this user.
    static func moderate(_ state: inout AppState, section: String?, grade: Grade, rationale: String,
                         _ context: ReduceContext) -> [Effect] {
        guard let ed = state.editor, ed.readOnly == .completed else { return [] }
        return [.lockToModerate(id: ed.audit.id, section: section, grade: grade, rationale: rationale)]
    }

    /// The lock is ours and `audit` is what is on disk: the moderation is made on it, not on the
    /// copy on screen, so a colleague's amendment made meanwhile is kept; the lock goes after the save.
    static func moderateLocked(_ state: inout AppState, audit: Audit, section: String?, grade: Grade, rationale: String,
                               _ context: ReduceContext) -> [Effect] {
        let release: [Effect] = [.releaseLock(id: audit.id)]
        guard var ed = state.editor, ed.audit.id == audit.id else { return release }
        guard audit.status == .complete else {
            ed.audit = audit
            state.editor = ed
            state.upsert(audit)
            state.status = "Not moderated: someone amended this audit meanwhile and it is a draft again"
            return release
        }
        var moderated = audit
        let m = Moderation(grade: grade, by: state.user, at: context.now, rationale: rationale)
        if let section {
            moderated.withSection(section) { $0.moderation = m }
        } else {
            moderated.overall.moderation = m
        }
        moderated.updated = context.now
        ed.audit = moderated
        state.editor = ed
        state.upsert(moderated)
        state.status = "Moderated: \(grade.title) now counts in the measures"
        return [.save(moderated, reason: nil)] + release
    }

    /// The lock is now ours and `audit` is what is on disk: someone may have amended it since it
    /// was opened, and their change must not be overwritten by the copy on screen. Only now is
    /// the reason asked (Esc lets the lock go again).
    static func amendLocked(_ state: inout AppState, audit: Audit) -> [Effect] {
        guard var ed = state.editor, ed.audit.id == audit.id else { return [.releaseLock(id: audit.id)] }
        ed.audit = audit
        ed.undo = []
        if audit.status == .complete {
            ed.readOnly = .completed
            state.editor = ed
            state.upsert(audit)
            state.overlay = .prompt(PromptState(title: "Reason for amending this completed audit (required)",
                                                field: LineField(), purpose: .amendReason))
            return []
        }
        ed.readOnly = nil
        state.editor = ed
        state.upsert(audit)
        state.status = "This audit was amended by someone else meanwhile and is a draft again; it is open for you to edit"
        return []
    }

    /// The audit this user views read-only was saved by someone else: the screen shows the file
    /// as it is now, and who holds it. The cursor stays where it was.
    static func changedOnDisk(_ state: inout AppState, audit: Audit, lockedBy: LockHolder?) -> [Effect] {
        guard var ed = state.editor, ed.audit.id == audit.id, ed.readOnly != nil else { return [] }
        // Our own save read back (a moderation) differs at most in sub-second times.
        let same = (try? AuditCoding.encode(audit)) == (try? AuditCoding.encode(ed.audit))
        ed.audit = audit
        if let lockedBy {
            ed.readOnly = .locked(lockedBy)
        } else if audit.status == .complete {
            ed.readOnly = .completed
        }
        ed.item = min(ed.item, max(0, ed.items(ed.section).count - 1))
        state.editor = ed
        state.upsert(audit)
        if same { return [] }
        if lockedBy == nil && audit.status != .complete {
            state.status = "Refreshed: saved by someone else, who has closed it; Esc and open it again to edit"
        } else {
            state.status = "Refreshed: someone else saved a change to this audit"
        }
        return []
    }

    /// `YYYY-MM-DD` of `date` in the local time zone: the default day of a resolution.
    static func day(_ date: Date) -> String {
        let c = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// Marks the escalation of `audit` (as on screen for a draft, as read again under the lock
    /// for a completed audit) resolved on `day` and saves it with `reason`, which the history
    /// records. A completed audit stays complete; the lock taken for it is let go after the save.
    static func resolve(_ state: inout AppState, audit: Audit, day: String, reason: String, locked: Bool,
                        _ context: ReduceContext) -> [Effect] {
        let release: [Effect] = locked ? [.releaseLock(id: audit.id)] : []
        guard var ed = state.editor, ed.audit.id == audit.id else { return release }
        var resolved = audit
        do {
            try Escalation.resolve(&resolved, template: ed.template, on: day)
        } catch {
            // Someone may have resolved it meanwhile: show the file as it is and say why.
            ed.audit = audit
            state.editor = ed
            state.upsert(audit)
            state.status = "Not resolved: \(CaseAuditApp.describe(error))"
            return release
        }
        resolved.updated = context.now
        ed.audit = resolved
        state.editor = ed
        state.upsert(resolved)
        state.status = "Escalation marked resolved on \(day); the history records who, when and why"
        return [.save(resolved, reason: reason)] + release
    }

    static func amend(_ state: inout AppState, reason: String, _ context: ReduceContext) -> [Effect] {
        guard var ed = state.editor, ed.readOnly == .completed else { return [] }
        ed.readOnly = nil
        ed.amendReason = reason
        state.editor = ed
        let effects = change(&state, context, what: "amendment") { audit in
            audit.status = .draft
            audit.completed = nil
        }
        // Undo goes no further back than the amendment: the completed version stays as it was.
        state.editor?.undo = []
        state.status = "Amending: the audit is a draft again until you complete it (c)"
        return effects
    }
}
