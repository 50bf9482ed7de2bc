import CaseAuditCore
import Foundation

/// Help, one-line prompts (filter, amend reason, dates, numbers, actions) and choosers.
enum OverlayReducer {
    static func reduce(_ state: inout AppState, _ action: Action, _ context: ReduceContext) -> [Effect] {
        switch state.overlay {
        case .help?:
            if action == .cancel { state.overlay = nil }
            return []
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
            return EditorReducer.change(&state, context) { audit in
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
            let effects = EditorReducer.change(&state, context) { audit in
                guard audit.actions.indices.contains(index) else { return }
                audit.actions[index].outcome = outcome
                audit.actions[index].done = true
                audit.actions[index].doneOn = outcome == .done ? day : nil
            }
            // The earlier audit records the outcome too.
            guard !effects.isEmpty, let ed = state.editor, ed.audit.actions.indices.contains(index),
                  let from = ed.audit.actions[index].carriedFrom else { return effects }
            return effects + [.recordOutcome(in: from, action: ed.audit.actions[index], by: ed.audit.id)]
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
            state.overlay = nil
            ListReducer.applyFilter(&state, text)
            let n = state.list.visible?.count ?? 0
            state.status = text.isEmpty ? "Filter cleared" : "\(n) audit\(n == 1 ? "" : "s") match \"\(text)\""
            return []
        case .amendReason:
            guard !text.isEmpty else { return fail("A reason is required to change a completed audit") }
            state.overlay = nil
            guard let id = state.editor?.audit.id else { return [] }
            return [.lockToAmend(id: id, reason: text)]
        case .value(let s, let q, let type):
            if !text.isEmpty {
                if type == .date && !isValidDate(text) { return fail("Write the date as YYYY-MM-DD, e.g. 2026-11-03") }
                if type == .number && Double(text) == nil { return fail("Write a number, e.g. 3 or 2.5") }
            }
            state.overlay = nil
            return EditorReducer.change(&state, context) { audit in
                audit.withSection(s) { rec in
                    var r = rec.answers[q] ?? Response()
                    r.value = text.isEmpty ? nil : text
                    rec.answers[q] = r
                }
            }
        case .exportReport:
            guard let format = ReportsReducer.format(for: text) else {
                return fail("End the file name with .html, .csv, .md, .json or .txt")
            }
            state.overlay = nil
            return [.write(path: text, text: ReportsReducer.document(state).render(format))]
        case .exportSummary:
            let format: AuditSummary.Format
            switch URL(fileURLWithPath: text).pathExtension.lowercased() {
            case "html", "htm": format = .html
            case "md", "markdown": format = .markdown
            case "txt": format = .text
            default: return fail("End the file name with .html, .md or .txt")
            }
            guard let ed = state.editor else { state.overlay = nil; return [] }
            state.overlay = nil
            return [.write(path: text, text: AuditSummary(ed.audit, template: ed.template).render(format))]
        case .replyText(let agreement):
            state.overlay = .prompt(PromptState(title: "Date of the reply (YYYY-MM-DD)", field: LineField(QAFigures.day(context.now)),
                                                purpose: .replyDate(agreement, text: text)))
            return []
        case .replyDate(let agreement, let replyText):
            guard isValidDate(text) else { return fail("Write the date as YYYY-MM-DD, e.g. 2026-12-15") }
            state.overlay = nil
            return EditorReducer.change(&state, context) { audit in
                audit.feedback.reply = WorkerReply(agreement: agreement, text: replyText, date: text)
            }
        case .actionDone(let index):
            guard isValidDate(text) else { return fail("Write the date as YYYY-MM-DD, e.g. 2026-12-15") }
            state.overlay = nil
            return EditorReducer.change(&state, context) { audit in
                guard audit.actions.indices.contains(index) else { return }
                audit.actions[index].done = true
                audit.actions[index].doneOn = text
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
            state.overlay = .prompt(PromptState(title: "By when? (YYYY-MM-DD)", field: LineField(by),
                                                purpose: .actionBy(index: index, what: what, who: text)))
            return []
        case .actionBy(let index, let what, let who):
            guard isValidDate(text) else { return fail("Write the date as YYYY-MM-DD, e.g. 2026-12-15") }
            state.overlay = nil
            let effects = EditorReducer.change(&state, context) { audit in
                if let index, audit.actions.indices.contains(index) {
                    audit.actions[index].what = what
                    audit.actions[index].who = who
                    audit.actions[index].by = text
                } else {
                    audit.actions.append(AuditAction(what: what, who: who, by: text))
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
    }
}

/// `YYYY-MM-DD` naming a real day.
func isValidDate(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
          let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
          (1900...2999).contains(y), (1...12).contains(m), d >= 1 else { return false }
    let days = [31, (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return d <= days[m - 1]
}
