import CaseAuditCore
import Foundation

/// The multi-line note editor: Esc (or Ctrl-S) keeps the text and saves, Ctrl-X discards it.
enum NoteReducer {
    static func reduce(_ state: inout AppState, _ action: Action, _ context: ReduceContext) -> [Effect] {
        guard var note = state.note else { return [] }
        let width = state.noteTextWidth
        switch action {
        case .help:
            state.overlay = .help(.note)
            return []
        case .cancel:
            state.note = nil
            state.status = "Note discarded; the saved text is unchanged"
            return []
        case .confirm:
            state.note = nil
            let text = note.buffer.text
            if text == NoteReducer.text(of: note.target, in: state.editor?.audit) { return [] }
            let effects = EditorReducer.change(&state, context, what: undoName(note.target)) { audit in
                apply(text, to: note.target, in: &audit)
            }
            if !effects.isEmpty { moveOnAfterEvidence(&state, note.target) }
            return effects
        case .input(let key):
            switch key {
            case .character(let ch): note.buffer.insert(ch)
            case .enter: note.buffer.newline()
            case .tab: note.buffer.insert("    ")
            case .backspace: note.buffer.backspace()
            case .delete: note.buffer.deleteForward()
            case .left: note.buffer.left()
            case .right: note.buffer.right()
            case .up: note.buffer.moveRow(-1, width: width)
            case .down: note.buffer.moveRow(1, width: width)
            case .pageUp: note.buffer.moveRow(-state.noteTextHeight, width: width)
            case .pageDown: note.buffer.moveRow(state.noteTextHeight, width: width)
            case .home, .control("a"): note.buffer.home()
            case .end, .control("e"): note.buffer.end()
            default: break
            }
        default: break
        }
        let row = note.buffer.cursorPosition(width: width).row
        note.top = Viewport.top(selected: row, previousTop: note.top, height: state.noteTextHeight,
                                count: max(row + 1, note.buffer.layout(width: width).count))
        state.note = note
        return []
    }

    /// A Partly or No answer waits for its evidence note; once the note is written the cursor
    /// moves on to the next question, as after a Yes.
    static func moveOnAfterEvidence(_ state: inout AppState, _ target: NoteTarget) {
        guard case .answerNote(let s, let q) = target, var ed = state.editor,
              ed.currentSection?.id == s, ed.currentItem == .question(q), let question = ed.currentQuestion,
              let response = ed.audit.sections[s]?.answers[q], let answer = response.answer,
              question.needsNote(answer), response.hasNote else { return }
        ed.item = min(ed.item + 1, max(0, ed.items(ed.section).count - 1))
        state.editor = ed
    }

    /// What `u` says it undid when the change was this note.
    static func undoName(_ target: NoteTarget) -> String {
        switch target {
        case .answerNote: return "note"
        case .value: return "answer"
        case .smartAction: return "plan action"
        case .rationale, .overallRationale: return "rationale"
        case .workerFeedback, .familyFeedback, .feedbackToWorker: return "feedback"
        case .actionWhat: return "action"
        }
    }

    static func text(of target: NoteTarget, in audit: Audit?) -> String {
        guard let audit else { return "" }
        switch target {
        case .answerNote(let s, let q): return audit.sections[s]?.answers[q]?.note ?? ""
        case .value(let s, let q): return audit.sections[s]?.answers[q]?.value ?? ""
        case .smartAction(let s, let q): return audit.sections[s]?.answers[q]?.action ?? ""
        case .rationale(let s): return audit.sections[s]?.rationale ?? ""
        case .overallRationale: return audit.overall.rationale
        case .workerFeedback: return audit.feedback.worker
        case .feedbackToWorker: return audit.feedback.toWorker
        case .familyFeedback: return audit.feedback.family
        case .actionWhat(let i): return audit.actions.indices.contains(i) ? audit.actions[i].what : ""
        }
    }

    static func apply(_ text: String, to target: NoteTarget, in audit: inout Audit) {
        func response(_ s: String, _ q: String, _ body: (inout Response) -> Void) {
            audit.withSection(s) { rec in
                var r = rec.answers[q] ?? Response()
                body(&r)
                rec.answers[q] = r
            }
        }
        let stored: String? = text.isEmpty ? nil : text
        switch target {
        case .answerNote(let s, let q): response(s, q) { $0.note = stored }
        case .value(let s, let q): response(s, q) { $0.value = stored }
        case .smartAction(let s, let q): response(s, q) { $0.action = stored }
        case .rationale(let s): audit.withSection(s) { $0.rationale = text }
        case .overallRationale: audit.overall.rationale = text
        case .workerFeedback: audit.feedback.worker = text
        case .feedbackToWorker: audit.feedback.toWorker = text
        case .familyFeedback: audit.feedback.family = text
        case .actionWhat(let i): if audit.actions.indices.contains(i) { audit.actions[i].what = text }
        }
    }

    /// The note editor's title and the line of context shown above the text.
    static func describe(_ target: NoteTarget, _ ed: EditorState) -> (String, String) {
        func q(_ s: String, _ id: String) -> String { ed.template.section(s)?.question(id)?.text ?? id }
        func st(_ s: String) -> String { ed.template.section(s)?.title ?? s }
        switch target {
        case .answerNote(let s, let id):
            let a = ed.audit.sections[s]?.answers[id]?.answer.map { " (answer: \($0.title))" } ?? ""
            return ("Evidence note: \(st(s))\(a)", q(s, id))
        case .value(let s, let id): return ("Answer: \(st(s))", q(s, id))
        case .smartAction(let s, let id): return ("Plan action: \(st(s))", q(s, id))
        case .rationale(let s):
            let g = ed.audit.sections[s]?.grade.map { " (\($0.title))" } ?? ""
            return ("Rationale: \(st(s))\(g)", "An analysis of why you have made this judgement.")
        case .overallRationale:
            let g = ed.audit.overall.grade.map { " (\($0.title))" } ?? ""
            return ("Rationale: overall grade\(g)", "An analysis of why you have made this judgement.")
        case .workerFeedback: return ("Feedback from the worker", "What the social worker said about the audit.")
        case .feedbackToWorker: return ("Feedback to the worker", "What you told the social worker about this audit.")
        case .familyFeedback: return ("Feedback from the family", "What the child or family said about the service.")
        case .actionWhat: return ("Action", "What is to be done.")
        }
    }
}

extension AppState {
    var noteTextWidth: Int { max(10, width - 4) }
    /// Rows for text in the note editor: the screen less title, context (2), rule and key lines.
    var noteTextHeight: Int { max(3, height - 7) }
}
