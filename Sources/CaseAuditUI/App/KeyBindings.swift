import CaseAuditCore

/// Maps a key to an action for whatever has the focus: a prompt or chooser first, then help,
/// then the note editor, then the screen.
public enum KeyBindings {
    public static func action(for key: KeyEvent, in state: AppState) -> Action {
        if case .resize(let w, let h) = key { return .resize(width: w, height: h) }
        switch state.overlay {
        case .prompt?:
            switch key {
            case .enter: return .confirm
            case .escape: return .cancel
            default: return .input(key)
            }
        case .chooser?:
            switch key {
            case .up, .character("k"): return .up
            case .down, .character("j"): return .down
            case .enter: return .confirm
            case .escape, .character("q"): return .cancel
            default: return .none
            }
        case .help?:
            switch key {
            case .escape, .enter, .character("?"), .character("q"), .function(1): return .cancel
            default: return .none
            }
        case .unsavedConfirm?:
            switch key {
            case .character("y"): return .confirm
            case .character("s"): return .saveNow
            case .escape, .character("n"), .character("q"): return .cancel
            default: return .none
            }
        case nil:
            break
        }
        if state.note != nil {
            switch key {
            case .escape, .control("s"): return .confirm
            case .control("x"): return .cancel
            case .function(1): return .help
            default: return .input(key)
            }
        }
        switch state.screen {
        case .dashboard: return dashboard(key)
        case .list: return list(key)
        case .newAudit: return state.newAudit.step == .template ? templateChooser(key) : form(key)
        case .editor: return state.editor?.details != nil ? form(key) : editor(key, state)
        case .reports: return reports(key)
        }
    }

    static func common(_ key: KeyEvent) -> Action {
        switch key {
        case .up, .character("k"): return .up
        case .down, .character("j"): return .down
        case .pageUp, .control("b"): return .pageUp
        case .pageDown, .control("f"), .character(" "): return .pageDown
        case .home, .character("g"): return .first
        case .end, .character("G"): return .last
        case .enter: return .open
        case .escape, .character("q"): return .back
        case .character("?"), .function(1): return .help
        default: return .none
        }
    }

    static func dashboard(_ key: KeyEvent) -> Action {
        switch key {
        case .left, .character("h"): return .left
        case .right: return .right
        case .character("t"): return .togglePeriodKind
        case .character("n"): return .newAudit
        case .character("l"), .enter: return .showList
        case .character("r"): return .showReports
        case .character("q"): return .quit
        case .escape: return .none
        default: return common(key)
        }
    }

    static func list(_ key: KeyEvent) -> Action {
        switch key {
        case .character("/"): return .filter
        case .character("s"): return .cycleSort
        case .character("n"): return .newAudit
        default: return common(key)
        }
    }

    static func reports(_ key: KeyEvent) -> Action {
        switch key {
        case .character("b"): return .cycleGrouping
        case .character("d"): return .toggleGrades
        case .character("x"): return .export
        default: return common(key)
        }
    }

    static func templateChooser(_ key: KeyEvent) -> Action { common(key) }

    static func form(_ key: KeyEvent) -> Action {
        switch key {
        case .up, .backTab: return .up
        case .down, .tab: return .down
        case .left: return .left
        case .right: return .right
        case .enter: return .confirm
        case .escape: return .back
        case .character("?"), .function(1): return .help
        default: return .input(key)
        }
    }

    static func editor(_ key: KeyEvent, _ state: AppState) -> Action {
        let item = state.editor?.currentItem
        let question = state.editor?.currentQuestion
        switch key {
        case .character("y"): return .answer(.yes)
        case .character("p"): return .answer(.partly)
        case .character("n"): return .answer(.no)
        case .character("x"): return .answer(.na)
        case .character(let c) where ("0"..."5").contains(c):
            let n = Int(String(c)) ?? 0
            if question?.type == .smart { return n >= 1 ? .toggleSmart(n) : .none }
            guard n <= 4 else { return .none }
            return .grade(n == 0 ? .na : Grade.scale[n - 1])
        case .tab, .character("]"), .right: return .nextSection
        case .backTab, .character("["), .left: return .previousSection
        case .character("g"): return .toggleGuidance
        case .character("e"), .enter: return .editNote
        case .character("c"): return .complete
        case .character("A"): return .amend
        case .character("E"): return .editDetails
        case .character("s"): return .saveNow
        case .character("S"): return .export
        case .character("a"): return .addAction
        case .character("D"): if case .action? = item { return .deleteAction } else { return .none }
        default: return common(key)
        }
    }
}
