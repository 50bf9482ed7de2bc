import CaseAuditCore
import Foundation

/// Help, one-line prompts (filter, amend reason, dates, numbers, actions) and choosers.
enum OverlayReducer {
    static func reduce(_ state: inout AppState, _ action: Action, _ context: ReduceContext) -> [Effect] {
        switch state.overlay {
        case .help(let context)?:
            let most = HelpView.scrollLimit(context, width: state.width, height: state.height)
            switch action {
            case .cancel: state.overlay = nil
            case .up: state.helpTop = max(0, state.helpTop - 1)
            case .down: state.helpTop = min(most, state.helpTop + 1)
            case .pageUp: state.helpTop = 0
            case .pageDown: state.helpTop = most
            default: break
            }
            return []
        case .completeConfirm?:
            switch action {
            case .confirm:
                state.overlay = nil
                return EditorReducer.completeConfirmed(&state, context)
            case .cancel:
                state.overlay = nil
                state.status = "Not completed: the audit is still a draft"
                return []
            default:
                return []
            }
        case .unsavedConfirm?:
            switch action {
            case .cancel:
                state.overlay = nil
                return []
            case .saveNow:
                state.overlay = nil
                return EditorReducer.saveAgain(&state)
            case .confirm:
                state.overlay = nil
                return EditorReducer.leaveUnsaved(&state)
            default:
                return []
            }
        case .yesNo(let question)?:
            switch action {
            case .confirm: return SetupReducer.answer(&state, question, yes: true, context)
            case .cancel: return SetupReducer.answer(&state, question, yes: false, context)
            default: return []
            }
        case .chooser(var chooser)?:
            switch action {
            case .up: chooser.selected = max(0, chooser.selected - 1)
            case .down: chooser.selected = min(chooser.options.count - 1, chooser.selected + 1)
            case .cancel: state.overlay = nil; return []
            case .confirm:
                state.overlay = nil
                return chosen(&state, chooser, context)
            default: break
            }
            state.overlay = .chooser(chooser)
            return []
        case .prompt(var prompt)?:
            switch action {
            case .input(let key):
                if prompt.field.handle(key) { prompt.error = nil }
                state.overlay = .prompt(prompt)
                return []
            case .cancel:
                state.overlay = nil
                // The lock was taken for the amendment before its reason was asked.
                if prompt.purpose == .amendReason, let id = state.editor?.audit.id {
                    state.status = "Not amended: the audit stays complete"
                    return [.releaseLock(id: id)]
                }
                return []
            case .confirm:
                return confirm(&state, prompt, context)
            default:
                return []
            }
        case nil:
            return []
        }
    }

    static func chosen(_ state: inout AppState, _ chooser: ChooserState, _ context: ReduceContext) -> [Effect] {
        switch chooser.purpose {
        case .value(let s, let q):
            guard let question = state.editor?.template.section(s)?.question(q),
                  chooser.options.indices.contains(chooser.selected) else { return [] }
            let option = chooser.options[chooser.selected]
            let value = question.type == .grade ? Grade.allCases.first { $0.title == option }?.rawValue : option
            return EditorReducer.change(&state, context, what: "answer") { audit in
                audit.withSection(s) { rec in
                    var r = rec.answers[q] ?? Response()
                    r.value = value
                    rec.answers[q] = r
                }
            }
        case .replyAgreement:
            guard WorkerReply.Agreement.allCases.indices.contains(chooser.selected) else { return [] }
            let agreement = WorkerReply.Agreement.allCases[chooser.selected]
            state.overlay = .prompt(PromptState(title: "\(agreement.title): what did the worker say?",
                                                field: LineField(state.editor?.audit.feedback.reply?.text ?? ""),
                                                purpose: .replyText(agreement)))
            return []
        case .actionOutcome(let index):
            guard ActionOutcome.allCases.indices.contains(chooser.selected) else { return [] }
            let outcome = ActionOutcome.allCases[chooser.selected]
            let day = QAFigures.day(context.now)
            let effects = EditorReducer.change(&state, context, what: "action's outcome") { audit in
                guard audit.actions.indices.contains(index) else { return }
                audit.actions[index].outcome = outcome
                audit.actions[index].done = true
                audit.actions[index].doneOn = outcome == .done ? day : nil
            }
            // The earlier audit records the outcome too.
            guard !effects.isEmpty, let ed = state.editor, ed.audit.actions.indices.contains(index),
                  let from = ed.audit.actions[index].carriedFrom else { return effects }
            return effects + [.recordOutcome(in: from, action: ed.audit.actions[index], by: ed.audit.id)]
        case .team:
            SetupReducer.chosenTeam(&state, chooser.selected)
            return []
        case .moderate(let section):
            guard Grade.scale.indices.contains(chooser.selected) else { return [] }
            let grade = Grade.scale[chooser.selected]
            state.overlay = .prompt(PromptState(title: "Why \(grade.title)? The moderator's rationale (required)",
                                                field: LineField(), purpose: .moderationRationale(section: section, grade: grade)))
            return []
        }
    }

    static func confirm(_ state: inout AppState, _ prompt: PromptState, _ context: ReduceContext) -> [Effect] {
        var prompt = prompt
        let text = prompt.field.text.trimmingCharacters(in: .whitespaces)
        func fail(_ message: String) -> [Effect] {
            prompt.error = message
            state.overlay = .prompt(prompt)
            return []
        }
        switch prompt.purpose {
        case .filter:
            // A misspelt key (`teem:hill`) would silently match nothing: say so and keep the prompt.
            if let problem = AuditFilter(text, sections: state.filterSections).problem { return fail(problem) }
            state.overlay = nil
            ListReducer.applyFilter(&state, text)
            let n = state.list.visible?.count ?? 0
            state.status = text.isEmpty ? "Filter cleared" : n == 1 ? "1 audit matches \"\(text)\"" : "\(n) audits match \"\(text)\""
            return []
        case .amendReason:
            guard !text.isEmpty else { return fail("A reason is required to change a completed audit") }
            state.overlay = nil
            // The lock is ours already (`EditorReducer.amendLocked`).
            return EditorReducer.amend(&state, reason: text, context)
        case .resolveDay:
            // The day it was resolved has happened: typed as a manager types it, stored as ISO.
            switch TypedDate.read(text, notAfter: TypedDate.today(context.now)) {
            case .failure(let problem):
                return fail(problem.message)
            case .success(let day):
                state.overlay = .prompt(PromptState(title: "Reason: who confirmed the child is safe, and what was done (required)",
                                                    field: LineField(), purpose: .resolveReason(day: day)))
                return []
            }
        case .resolveReason(let day):
            guard !text.isEmpty else { return fail("A reason is required: the history records who resolved it, when and why") }
            state.overlay = nil
            guard let ed = state.editor else { return [] }
            // A completed audit is read-only until its lock is taken; a draft's lock is already ours.
            if ed.readOnly == .completed { return [.lockToResolve(id: ed.audit.id, day: day, reason: text)] }
            return EditorReducer.resolve(&state, audit: ed.audit, day: day, reason: text, locked: false, context)
        case .value(let s, let q, let type):
            var value = text
            if !text.isEmpty {
                if type == .date {
                    // Template date questions record what has happened: never after today.
                    switch TypedDate.read(text, notAfter: TypedDate.today(context.now)) {
                    case .success(let iso): value = iso
                    case .failure(let e): return fail(e.message)
                    }
                }
                if type == .number && Double(text) == nil { return fail("Write a number, e.g. 3 or 2.5") }
            }
            state.overlay = nil
            return EditorReducer.change(&state, context, what: "answer") { audit in
                audit.withSection(s) { rec in
                    var r = rec.answers[q] ?? Response()
                    r.value = value.isEmpty ? nil : value
                    rec.answers[q] = r
                }
            }
        case .exportReport:
            guard let format = ReportsReducer.format(for: text) else {
                return fail("End the file name with .html, .csv, .md, .json or .txt")
            }
            state.overlay = nil
            return [.write(path: text, text: ReportsReducer.document(state).render(format))]
        case .exportSummary, .summaryOf:
            guard AuditSummary.Format(path: text) != nil else {
                return fail("End the file name with .html, .md or .txt")
            }
            var target: String?
            if case .summaryOf(let id) = prompt.purpose { target = id } else { target = state.editor?.audit.id }
            state.overlay = nil
            guard let id = target else { return [] }
            return [.writeSummary(id: id, path: SetupReducer.absolute(text, state))]
        case .newTeam:
            if let problem = SetupReducer.typedTeam(&state, text) { return fail(problem) }
            return []
        case .replyText(let agreement):
            state.overlay = .prompt(PromptState(title: "Date of the reply (DD/MM/YYYY)", field: LineField(QAFigures.day(context.now)),
                                                purpose: .replyDate(agreement, text: text)))
            return []
        case .replyDate(let agreement, let replyText):
            // A reply and a done date have happened: typed as a manager types them, stored as ISO.
            guard case .success(let day) = TypedDate.read(text, notAfter: TypedDate.today(context.now)) else {
                return fail(Self.pastDateProblem(text, context))
            }
            state.overlay = nil
            return EditorReducer.change(&state, context, what: "worker's reply") { audit in
                audit.feedback.reply = WorkerReply(agreement: agreement, text: replyText, date: day)
            }
        case .actionDone(let index):
            guard case .success(let day) = TypedDate.read(text, notAfter: TypedDate.today(context.now)) else {
                return fail(Self.pastDateProblem(text, context))
            }
            state.overlay = nil
            return EditorReducer.change(&state, context, what: "done date") { audit in
                guard audit.actions.indices.contains(index) else { return }
                audit.actions[index].done = true
                audit.actions[index].doneOn = day
            }
        case .moderationRationale(let section, let grade):
            guard !text.isEmpty else { return fail("A moderated grade needs a rationale: say why") }
            state.overlay = nil
            return EditorReducer.moderate(&state, section: section, grade: grade, rationale: text, context)
        case .actionWhat(let index):
            guard !text.isEmpty else { return fail("Say what is to be done") }
            let who = index.flatMap { state.editor?.audit.actions[$0].who } ?? ""
            state.overlay = .prompt(PromptState(title: "Who will do it?", field: LineField(who),
                                                purpose: .actionWho(index: index, what: text)))
            return []
        case .actionWho(let index, let what):
            guard !text.isEmpty else { return fail("Name who will do it (a role or a name)") }
            let by = index.flatMap { state.editor?.audit.actions[$0].by } ?? ""
            state.overlay = .prompt(PromptState(title: "By when? (DD/MM/YYYY)", field: LineField(by),
                                                purpose: .actionBy(index: index, what: what, who: text)))
            return []
        case .actionBy(let index, let what, let who):
            // A due date may be in the future.
            switch TypedDate.read(text) {
            case .success(let due):
                state.overlay = nil
                return storeAction(&state, index: index, what: what, who: who, by: due, context)
            case .failure(let e): return fail(e.message)
            }
        }
    }

    /// Adds action `index` (nil: a new one) or changes it, and puts the cursor on it. A field not
    /// given (a hang-up before its dialog) keeps the action's value, blank for a new action.
    static func storeAction(_ state: inout AppState, index: Int?, what: String, who: String?, by: String?,
                            _ context: ReduceContext) -> [Effect] {
        let effects = EditorReducer.change(&state, context, what: index == nil ? "new action" : "action") { audit in
            if let index, audit.actions.indices.contains(index) {
                audit.actions[index].what = what
                if let who { audit.actions[index].who = who }
                if let by { audit.actions[index].by = by }
            } else {
                audit.actions.append(AuditAction(what: what, who: who ?? "", by: by ?? ""))
            }
        }
        if var ed = state.editor {
            let target = index ?? (ed.audit.actions.count - 1)
            EditorReducer.move(&ed, toSection: ed.template.sections.count)
            ed.item = ed.items(ed.section).firstIndex(of: .action(target)) ?? 0
            state.editor = ed
        }
        return effects
    }

    /// On a hang-up (`CaseAuditApp.emergencySave`), what is typed into a dialog that records part
    /// of the audit is kept like a note: an answer's date or number (when it reads as one), an
    /// action with the fields not reached yet left blank (the completion check then asks for its
    /// owner and due date), the worker's reply with its date blank unless one was typed. Dialogs
    /// whose Enter is a deliberate act (amend reason, moderation rationale, resolving an
    /// escalation, export paths, filter, new team) are left unconfirmed.
    static func keepOnHangUp(_ state: inout AppState, _ context: ReduceContext) -> [Effect] {
        guard case .prompt(let prompt)? = state.overlay, state.editor?.readOnly == nil else { return [] }
        let text = prompt.field.text.trimmingCharacters(in: .whitespaces)
        let day = (try? TypedDate.read(text).get())
        switch prompt.purpose {
        case .value:
            return text.isEmpty ? [] : confirm(&state, prompt, context)
        case .actionWhat(let index):
            guard !text.isEmpty else { return [] }
            state.overlay = nil
            return storeAction(&state, index: index, what: text, who: nil, by: nil, context)
        case .actionWho(let index, let what):
            state.overlay = nil
            return storeAction(&state, index: index, what: what, who: text, by: nil, context)
        case .actionBy(let index, let what, let who):
            state.overlay = nil
            return storeAction(&state, index: index, what: what, who: who, by: day, context)
        case .replyText(let agreement):
            guard !text.isEmpty else { return [] }
            state.overlay = nil
            return EditorReducer.change(&state, context, what: "worker's reply") { audit in
                audit.feedback.reply = WorkerReply(agreement: agreement, text: text, date: "")
            }
        case .replyDate(let agreement, let replyText):
            // A reply date has happened: one after today is left blank, as one that does not read.
            let past = (try? TypedDate.read(text, notAfter: TypedDate.today(context.now)).get()) ?? ""
            state.overlay = nil
            return EditorReducer.change(&state, context, what: "worker's reply") { audit in
                audit.feedback.reply = WorkerReply(agreement: agreement, text: replyText, date: past)
            }
        case .filter, .amendReason, .resolveDay, .resolveReason, .exportReport, .exportSummary, .summaryOf, .newTeam,
             .moderationRationale, .actionDone:
            return []
        }
    }

    /// Why a typed date of something that has happened was refused.
    static func pastDateProblem(_ text: String, _ context: ReduceContext) -> String {
        if case .failure(let problem) = TypedDate.read(text, notAfter: TypedDate.today(context.now)) { return problem.message }
        return "Write the date as DD/MM/YYYY, e.g. 14/11/2026"
    }
}
