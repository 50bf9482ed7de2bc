import CaseAuditCore

/// Pure functions from state to cells: the screen, then the note editor, then any overlay.
public enum Views {
    public static func draw(_ state: AppState, into grid: inout CellGrid) {
        grid.clear()
        guard grid.width > 0, grid.height > 2 else { return }
        if let note = state.note {
            NoteEditorView.draw(note, state, into: &grid)
        } else {
            switch state.screen {
            case .dashboard: DashboardView.draw(state, into: &grid)
            case .list: AuditListView.draw(state, into: &grid)
            case .newAudit: NewAuditView.draw(state, into: &grid)
            case .editor: EditorView.draw(state, into: &grid)
            case .reports: ReportsView.draw(state, into: &grid)
            }
        }
        switch state.overlay {
        case .unsavedConfirm?: SaveFailureView.drawConfirm(state.unsaved, into: &grid)
        case .completeConfirm?: EditorView.drawCompleteConfirm(state, into: &grid)
        case .help(let context)?: HelpView.draw(context, top: state.helpTop, into: &grid)
        case .prompt(let prompt)?: PromptView.draw(prompt, into: &grid)
        case .chooser(let chooser)?:
            PromptView.draw(chooser, into: &grid, origin: chooser.purpose == .team ? NewAuditView.teamPickerOrigin(state) : nil)
        case .yesNo(let question)?: PromptView.draw(question, into: &grid)
        case nil: break
        }
        // Last, so no box ever hides it.
        if let lasting = state.lastingMessage { SaveFailureView.drawBanner(lasting, into: &grid) }
    }

    static func percentText(_ p: Double?) -> String {
        guard let p else { return "—" }
        let tenths = Int((p * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() ? "\(Int(v))" : percentText(v).replacingOccurrences(of: "%", with: "")
    }

    static func gradeWord(_ g: Grade?) -> String {
        guard let g else { return "—" }
        return g == .requiresImprovement ? "RI" : g.title
    }

    static func ragStyle(_ rag: RAG) -> Style {
        switch rag {
        case .green: return .green
        case .amber: return .amber
        case .red: return .red
        case .none: return .plain
        }
    }
}
