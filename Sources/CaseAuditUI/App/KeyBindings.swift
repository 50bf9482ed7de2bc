import CaseAuditCore

/// What has the keys: a prompt or chooser first, then help, then the note editor, then the screen.
public enum KeyContext: Equatable, Sendable {
    case dashboard, list, reports, templateChooser, newAuditForm, detailsForm, editor, note
    /// The reports screen's agreement by auditor.
    case agreement
    case prompt, chooser, help, unsavedConfirm, completeConfirm
    /// A question answered y or n (`Overlay.yesNo`).
    case yesNo
}

/// One row of the key table: the keys, what they do (`action`, nil for a key this row does not
/// take in the current state), how the help screen and the footer write them.
struct KeyBinding: Sendable {
    /// The keys as the help screen writes them, e.g. "j/k ↑/↓".
    var label: String
    /// The help screen's description.
    var help: String
    /// The footer's entry (keys and a word or two), nil to leave it out of the footer here.
    var footer: @Sendable (AppState) -> String?
    var action: @Sendable (KeyEvent, AppState) -> Action?

    /// Keys that always mean the same action.
    init(_ label: String, _ help: String, footer: String? = nil, _ keys: [(KeyEvent, Action)]) {
        self.label = label
        self.help = help
        self.footer = { _ in footer }
        self.action = { key, _ in keys.first { $0.0 == key }?.1 }
    }

    init(_ label: String, _ help: String, footer: @escaping @Sendable (AppState) -> String?,
         action: @escaping @Sendable (KeyEvent, AppState) -> Action?) {
        self.label = label
        self.help = help
        self.footer = footer
        self.action = action
    }
}

/// The keys of one context: the help screen and the footer are made from it, and so is the
/// answer to each key (lazygit's `{keys, handler, description}` table).
struct KeyMap: Sendable {
    var title: String
    var bindings: [KeyBinding]
    /// Lines the help screen adds after the keys.
    var notes: [String] = []
    /// What a key no row takes does: nothing, or typing into a field.
    var otherKeys: @Sendable (KeyEvent) -> Action = { _ in .none }

    func action(for key: KeyEvent, in state: AppState) -> Action {
        for binding in bindings {
            if let action = binding.action(key, state) { return action }
        }
        return otherKeys(key)
    }

    func footer(_ state: AppState) -> [String] { bindings.compactMap { $0.footer(state) } }
}

public enum KeyBindings {
    public static func action(for key: KeyEvent, in state: AppState) -> Action {
        if case .resize(let w, let h) = key { return .resize(width: w, height: h) }
        return map(context(state)).action(for: key, in: state)
    }

    public static func context(_ state: AppState) -> KeyContext {
        switch state.overlay {
        case .prompt?: return .prompt
        case .chooser?: return .chooser
        case .help?: return .help
        case .unsavedConfirm?: return .unsavedConfirm
        case .yesNo?: return .yesNo
        case .completeConfirm?: return .completeConfirm
        case nil: break
        }
        if state.note != nil { return .note }
        switch state.screen {
        case .dashboard: return .dashboard
        case .list: return .list
        case .reports: return state.reports.showAgreement ? .agreement : .reports
        case .newAudit: return state.newAudit.step == .template ? .templateChooser : .newAuditForm
        case .editor: return state.editor?.details != nil ? .detailsForm : .editor
        }
    }

    /// The footer of the screen underneath any overlay.
    static func footer(_ state: AppState) -> [String] {
        var screen = state
        screen.overlay = nil
        var entries = map(context(screen)).footer(screen)
        // After a failed save `s` comes first, so it shows at any width: the banner says press s.
        if let at = entries.firstIndex(of: saveAgain), at > 0 { entries.insert(entries.remove(at: at), at: 0) }
        return entries
    }

    static let saveAgain = "s save again"

    static func map(_ context: KeyContext) -> KeyMap {
        switch context {
        case .dashboard: return dashboard
        case .list: return list
        case .reports: return reports
        case .agreement: return agreement
        case .templateChooser: return templateChooser
        case .newAuditForm: return form(title: "Keys: new audit", enter: "next field; on Auditor: create the audit",
                                         enterFooter: "Enter next field (creates on Auditor)", escape: "back to the templates")
        case .detailsForm: return form(title: "Keys: edit details", enter: "next field; on Auditor: save the details",
                                       enterFooter: "Enter next field (saves on Auditor)", escape: "cancel: nothing changes")
        case .editor: return editor
        case .note: return note
        case .prompt: return prompt
        case .chooser: return chooser
        case .help: return helpBox
        case .unsavedConfirm: return unsavedConfirm
        case .yesNo: return yesNo
        case .completeConfirm: return completeConfirm
        }
    }

    // MARK: - Rows shared by the screens

    static let move = KeyBinding("j/k ↑/↓", "move", footer: "↑↓ move",
                                 [(.up, .up), (.character("k"), .up), (.down, .down), (.character("j"), .down)])
    static let page = KeyBinding("PgUp/PgDn", "a page up or down (also Ctrl-B/Ctrl-F, Space)",
                                 [(.pageUp, .pageUp), (.control("b"), .pageUp), (.pageDown, .pageDown),
                                  (.control("f"), .pageDown), (.character(" "), .pageDown)])
    static let ends = KeyBinding("g/G", "first / last (also Home/End)",
                                 [(.character("g"), .first), (.home, .first), (.character("G"), .last), (.end, .last)])
    static let back = KeyBinding("Esc q", "back to the dashboard", footer: "Esc back",
                                 [(.escape, .back), (.character("q"), .back)])
    static let help = KeyBinding("? F1", "this help", footer: "? help",
                                 [(.character("?"), .help), (.function(1), .help)])

    // MARK: - Screens

    static let dashboard = KeyMap(title: "Keys: dashboard", bindings: [
        withAudits("←/→ h", "previous / next month (or quarter)", footer: "←/→ period",
                   [(.left, .left), (.character("h"), .left), (.right, .right)]),
        withAudits("t", "switch between month and quarter", footer: "t month/qtr",
                   [(.character("t"), .togglePeriodKind)]),
        KeyBinding("j/k ↑/↓", "choose a measure (the list scrolls only when they do not all fit)",
                   [(.up, .up), (.character("k"), .up), (.down, .down), (.character("j"), .down)]),
        withAudits("Enter", "the chosen measure's audits for the period shown (what it counts)", footer: "Enter audits",
                   [(.enter, .open)]),
        withAudits("l", "the audits list: every audit", footer: "l list", [(.character("l"), .showList)]),
        withAudits("r", "reports: by month, quarter, year, team, auditor", footer: "r reports",
                   [(.character("r"), .showReports)]),
        KeyBinding("n", "start a new audit", footer: "n new", [(.character("n"), .newAudit)]),
        KeyBinding("e", "the audits with an open escalation",
                   [(.character("e"), .showEscalations)]),
        help,
        KeyBinding("q", "quit", footer: "q quit", [(.character("q"), .quit)]),
    ], notes: [
        "RAG: GREEN at or above target, RED at or below baseline,",
        "AMBER between, NONE without a percent or a target.",
    ])

    /// A dashboard key whose footer entry is left out on the first-run screen (no audits yet),
    /// where it would show nothing; the key itself still works.
    static func withAudits(_ label: String, _ help: String, footer: String, _ keys: [(KeyEvent, Action)]) -> KeyBinding {
        KeyBinding(label, help, footer: { $0.rows.isEmpty && $0.problems.isEmpty ? nil : footer },
                   action: { key, _ in keys.first { $0.0 == key }?.1 })
    }

    static let list = KeyMap(title: "Keys: audits list", bindings: [
        move, page, ends,
        KeyBinding("Enter", "open the audit (completed ones open read-only)", footer: "Enter open", [(.enter, .open)]),
        KeyBinding("/", "filter: words, or month: quarter: year: team: template:", footer: "/ filter",
                   [(.character("/"), .filter)]),
        KeyBinding("s", "cycle the sort: month, team, template, status, overall grade, case ref",
                   footer: "s sort", [(.character("s"), .cycleSort)]),
        KeyBinding("n", "start a new audit", footer: "n new", [(.character("n"), .newAudit)]),
        KeyBinding("D", "delete the selected draft (asks first; completed audits cannot be deleted)",
                   footer: { s in ListReducer.selectedRow(s)?.status == .draft ? "D delete draft" : nil },
                   action: { key, _ in key == .character("D") ? .deleteDraft : nil }),
        KeyBinding("S", "write the selected audit's summary (asks where)", footer: "S summary",
                   [(.character("S"), .summary)]),
        KeyBinding("Esc q", "back (to the dashboard, or to the reports row it came from)", footer: "Esc back",
                   [(.escape, .back), (.character("q"), .back)]),
        KeyBinding("←/→", "scroll sideways to read columns too wide for the screen",
                   footer: { AuditListView.canScroll($0) ? "←/→ scroll" : nil },
                   action: { key, _ in key == .left ? .left : key == .right ? .right : nil }),
        help,
    ], notes: [
        "Filter words: status: grade: cohort: auditor: worker: case:,",
        "escalation:open age: disability: ethnicity: uasc:,",
        "e.g. team:riverside status:draft; a plain word matches any field.",
    ])

    static let reports = KeyMap(title: "Keys: reports", bindings: [
        move, page, ends,
        KeyBinding("Enter", "the audits behind the row: exactly those it counts", footer: "Enter audits",
                   [(.enter, .open)]),
        KeyBinding("b", "by month, quarter, year, team or auditor", footer: "b by", [(.character("b"), .cycleGrouping)]),
        period, movePeriod,
        KeyBinding("a", "agreement by auditor: grades the moderators kept and moved", footer: "a agreement",
                   [(.character("a"), .toggleAgreement)]),
        back,
        KeyBinding("d", "grade distribution per section / measures", footer: "d grades",
                   [(.character("d"), .toggleGrades)]),
        KeyBinding("x", "export the report (.html .csv .md .json .txt)", footer: "x export",
                   [(.character("x"), .export)]),
        help,
    ], notes: [
        "Columns: good or better / graded, of completed audits;",
        "prev, year: change in points from the period before and a year before.",
        "(partial): the period is not over yet.",
    ])

    /// `p` in the reports: the usual range, a month, a quarter, a financial year (April-March).
    static let period = KeyBinding("p", "narrow to a month, quarter or financial year (again: longer, then all)",
                                   footer: "p period", [(.character("p"), .cyclePeriod)])
    static let movePeriod = KeyBinding("[ ] ←/→", "the period before / after (once narrowed with p)",
                                       footer: { $0.reports.period == nil ? nil : "[ ] move" },
                                       action: { key, _ in
                                           switch key {
                                           case .character("["), .left: return .left
                                           case .character("]"), .right: return .right
                                           default: return nil
                                           }
                                       })

    static let agreement = KeyMap(title: "Keys: agreement by auditor", bindings: [
        move, page, ends, period, movePeriod,
        KeyBinding("a Esc q", "back to the measures", footer: "Esc measures",
                   [(.character("a"), .toggleAgreement), (.escape, .back), (.character("q"), .back)]),
        help,
    ], notes: [
        "A pair: a section or overall grade given by both auditor and moderator.",
        "Exact: the same grade. Same side: both good or better, or both below.",
        "Up: the moderator's grade is better than the auditor's; down: worse.",
        "Kappa: Cohen's kappa; W kappa: linear weighted. Moderate with M in the",
        "editor, or caseaudit moderate FILE.csv.",
    ])

    static let templateChooser = KeyMap(title: "Keys: new audit", bindings: [
        move, page, ends,
        KeyBinding("Enter", "choose the template", footer: "Enter choose", [(.enter, .open)]),
        back, help,
    ], notes: ["The audit is saved as a draft as soon as it is created."])

    /// The new-audit form and the editor's details form (`E`): other keys type into the field.
    static func form(title: String, enter: String, enterFooter: String, escape: String) -> KeyMap {
        KeyMap(title: title, bindings: [
            // On Team, Enter picks the team: its footer entry gives way so that Esc still fits at 80 columns.
            KeyBinding("Enter", enter, footer: { $0.teamForm.focus == .team ? nil : enterFooter },
                       action: { key, _ in key == .enter ? .confirm : nil }),
            KeyBinding("↑/↓ Tab", "move between fields (Shift-Tab back)", footer: "↑↓ fields",
                       [(.up, .up), (.backTab, .up), (.down, .down), (.tab, .down)]),
            KeyBinding("←/→ Space", "choose the cohort (on the Cohort field)",
                       footer: { $0.teamForm.focus == .team ? nil : "←/→ cohort" },
                       action: { key, _ in key == .left ? .left : key == .right ? .right : nil }),
            KeyBinding("Space Enter", "on an empty Team: pick the team from the list, or add one; "
                       + "a typed team is matched to a known one",
                       footer: { $0.teamForm.focus == .team ? "Enter/Space pick team" : nil },
                       action: { _, _ in nil }),
            KeyBinding("Esc", escape, footer: "Esc " + (escape.hasPrefix("cancel") ? "cancel" : "back"),
                       [(.escape, .back)]),
            help,
        ], notes: ["Other keys type into the field."], otherKeys: { .input($0) })
    }

    // MARK: - The audit editor

    /// The editor's footer names what the keys do to the current item, in a word.
    private static func item(_ state: AppState) -> EditorItem? {
        guard let ed = state.editor, ed.readOnly == nil else { return nil }
        return ed.currentItem
    }

    private static func questionType(_ state: AppState) -> QuestionType? {
        guard let ed = state.editor, ed.readOnly == nil else { return nil }
        return ed.currentQuestion?.type
    }

    private static func writable(_ state: AppState) -> Bool { state.editor?.readOnly == nil }

    static let editor = KeyMap(title: "Keys: audit editor", bindings: [
        KeyBinding("y p n x", "answer Yes / Partly / No / N/A", footer: { questionType($0) == .answer ? "y/p/n/x answer" : nil },
                   action: { key, _ in
                       switch key {
                       case .character("y"): return .answer(.yes)
                       case .character("p"): return .answer(.partly)
                       case .character("n"): return .answer(.no)
                       case .character("x"): return .answer(.na)
                       default: return nil
                       }
                   }),
        KeyBinding("1 2 3 4 0", "grade O G RI I, 0 N/A (not overall); then the rationale",
                   footer: { s in
                       switch item(s) {
                       case .grade?: return gradeKeys + "  0 N/A"
                       // Completion refuses an N/A overall grade, so it is not offered.
                       case .overallGrade?: return gradeKeys
                       case .question?: return questionType(s) == .grade ? gradeKeys + "  0 N/A" : nil
                       default: return nil
                       }
                   },
                   action: { key, state in
                       guard case .character(let c) = key, ("0"..."4").contains(c),
                             state.editor?.currentQuestion?.type != .smart else { return nil }
                       let n = Int(String(c)) ?? 0
                       return .grade(n == 0 ? .na : Grade.scale[n - 1])
                   }),
        KeyBinding("1-5", "SMART question: toggle S M A R T",
                   footer: { questionType($0) == .smart ? "1-5 toggle SMART" : nil },
                   action: { key, state in
                       guard state.editor?.currentQuestion?.type == .smart, case .character(let c) = key,
                             ("1"..."5").contains(c) else { return nil }
                       return .toggleSmart(Int(String(c)) ?? 1)
                   }),
        KeyBinding("e Enter", "note, text, option, date or number of the item; the rationale",
                   footer: { s in
                       switch item(s) {
                       case .question?:
                           switch questionType(s) {
                           case .answer?: return "e note"
                           case .smart?: return "e action"
                           case .grade?: return "Enter choose"
                           default: return "Enter answer"
                           }
                       case .grade?, .overallGrade?: return "e rationale"
                       case .action?: return "Enter edit"
                       case .workerFeedback?, .familyFeedback?, .feedbackToWorker?: return "e write"
                       case .workerReply?: return "Enter reply"
                       case nil: return nil
                       }
                   },
                   action: { key, _ in key == .character("e") || key == .enter ? .editNote : nil }),
        // One row for the two action keys, so the help fits 80x24.
        KeyBinding("D d", "on an action: D deletes it (u undoes), d marks it done",
                   footer: { s in
                       guard case .action(let i)? = item(s), let ed = s.editor else { return nil }
                       return ed.audit.actions[i].carriedFrom != nil ? "d outcome" : "D delete  d done"
                   },
                   action: { key, state in
                       guard case .action? = state.editor?.currentItem else { return nil }
                       switch key {
                       case .character("D"): return .deleteAction
                       case .character("d"): return .markDone
                       default: return nil
                       }
                   }),
        KeyBinding("a", "add an action (what, who, by when)",
                   footer: { s in
                       switch item(s) {
                       case .action?: return "a add"
                       case .overallGrade?, .workerFeedback?, .familyFeedback?, .feedbackToWorker?, .workerReply?:
                           return "a add action"
                       default: return nil
                       }
                   },
                   action: { key, _ in key == .character("a") ? .addAction : nil }),
        KeyBinding("u", "undo the last change (answer, grade, note, deleted action)",
                   footer: { s in writable(s) && !(s.editor?.undo.isEmpty ?? true) ? "u undo" : nil },
                   action: { key, _ in key == .character("u") ? .undo : nil }),
        KeyBinding("c", "complete: checks, shows what it will record, asks once",
                   footer: { writable($0) ? "c complete" : nil },
                   action: { key, _ in key == .character("c") ? .complete : nil }),
        KeyBinding("Tab ] →", "next section;  Shift-Tab [ ←  previous", footer: "Tab section",
                   [(.tab, .nextSection), (.character("]"), .nextSection), (.right, .nextSection),
                    (.backTab, .previousSection), (.character("["), .previousSection), (.left, .previousSection)]),
        KeyBinding("j/k ↑/↓", "move between questions (PgUp/PgDn, G last)",
                   footer: { $0.editor?.currentItem == nil ? nil : "j/k move" },
                   action: { key, _ in
                       switch key {
                       case .up, .character("k"): return .up
                       case .down, .character("j"): return .down
                       case .pageUp, .control("b"): return .pageUp
                       case .pageDown, .control("f"), .character(" "): return .pageDown
                       case .home: return .first
                       case .end, .character("G"): return .last
                       default: return nil
                       }
                   }),
        KeyBinding("g", "show or hide guidance", footer: { s in
                       if !writable(s) { return "g guidance" }
                       if case .question? = item(s), questionType(s) != .answer, questionType(s) != .smart,
                          questionType(s) != .grade { return "g guidance" }
                       return nil
                   },
                   action: { key, _ in key == .character("g") ? .toggleGuidance : nil }),
        KeyBinding("A", "amend a completed audit (asks for a reason)",
                   // A kept unsaved change refuses A, R and M (they read the file again): not offered then.
                   footer: { $0.editor?.readOnly == .completed && $0.unsaved == nil ? "A amend" : nil },
                   action: { key, _ in key == .character("A") ? .amend : nil }),
        KeyBinding("R", "mark the open escalation resolved (asks the day and a reason)",
                   footer: { s in
                       guard let ed = s.editor, s.unsaved == nil, Escalation.state(of: ed.audit, template: ed.template) == .open
                       else { return nil }
                       if case .locked? = ed.readOnly { return nil }
                       return "R resolve"
                   },
                   action: { key, _ in key == .character("R") ? .resolveEscalation : nil }),
        KeyBinding("M", "moderate a completed audit's grade (grade, rationale)",
                   footer: { s in
                       guard s.editor?.readOnly == .completed, s.unsaved == nil else { return nil }
                       switch s.editor?.currentItem {
                       case .grade?, .overallGrade?: return "M moderate"
                       default: return nil
                       }
                   },
                   action: { key, _ in key == .character("M") ? .moderate : nil }),
        KeyBinding("E", "details: case ref, cohort, team, worker, month, auditor",
                   footer: { s in
                       switch item(s) {
                       case .workerFeedback?, .familyFeedback?, .feedbackToWorker?, .workerReply?: return "E details"
                       case nil: return writable(s) ? "E details" : nil
                       default: return nil
                       }
                   },
                   action: { key, _ in key == .character("E") ? .editDetails : nil }),
        KeyBinding("s S", "s saves again after a failed save; S writes the summary",
                   footer: { $0.unsaved != nil ? saveAgain : nil },
                   action: { key, _ in
                       switch key {
                       case .character("s"): return .saveNow
                       case .character("S"): return .export
                       default: return nil
                       }
                   }),
        KeyBinding("Esc q", "back to the list", footer: { s in
                       guard case .question? = item(s) else { return item(s) == nil ? "Esc back" : nil }
                       return questionType(s) == .smart || questionType(s) == .grade ? nil : "Esc back"
                   },
                   action: { key, _ in key == .escape || key == .character("q") ? .back : nil }),
        // More keys work than the footer has room for: `?` lists them all.
        KeyBinding("? F1", "this help", footer: "? more", [(.character("?"), .help), (.function(1), .help)]),
    ], notes: [
        "Every change is saved at once; u again goes further back.",
        "Grades: O Outstanding, G Good, RI Requires improvement, I Inadequate",
    ])

    /// The grade keys as a grade row's footer writes them.
    static let gradeKeys = "1 O  2 G  3 RI  4 I"

    // MARK: - Text and overlays

    static let note = KeyMap(title: "Keys: note editor", bindings: [
        KeyBinding("Esc Ctrl-S", "save the note and close", footer: "Esc save and close",
                   [(.escape, .confirm), (.control("s"), .confirm)]),
        KeyBinding("Ctrl-X", "discard changes and close", footer: "Ctrl-X discard", [(.control("x"), .cancel)]),
        KeyBinding("Enter", "new line", footer: "Enter new line", [(.enter, .input(.enter))]),
        KeyBinding("←/→ ↑/↓", "move by character and by screen row", footer: "arrows move",
                   [(.left, .input(.left)), (.right, .input(.right)), (.up, .input(.up)), (.down, .input(.down))]),
        KeyBinding("Home/End", "start and end of the line", [(.home, .input(.home)), (.end, .input(.end))]),
        KeyBinding("Backspace", "delete before the cursor; Delete after",
                   [(.backspace, .input(.backspace)), (.delete, .input(.delete))]),
        KeyBinding("F1", "this help", footer: "F1 help", [(.function(1), .help)]),
    ], notes: ["Type to write; notes may hold any language (Zoë, 佐藤)"], otherKeys: { .input($0) })

    static let prompt = KeyMap(title: "Keys: prompt", bindings: [
        KeyBinding("Enter", "accept", [(.enter, .confirm)]),
        KeyBinding("Esc", "cancel", [(.escape, .cancel)]),
    ], otherKeys: { .input($0) })

    static let yesNo = KeyMap(title: "Keys: question", bindings: [
        KeyBinding("y", "yes", [(.character("y"), .confirm), (.character("Y"), .confirm)]),
        KeyBinding("n Esc", "no", [(.character("n"), .cancel), (.character("N"), .cancel), (.escape, .cancel),
                                   (.character("q"), .cancel)]),
    ])

    static let chooser = KeyMap(title: "Keys: choose", bindings: [
        move,
        KeyBinding("Enter", "choose", [(.enter, .confirm)]),
        KeyBinding("Esc q", "cancel", [(.escape, .cancel), (.character("q"), .cancel)]),
    ])

    /// Leaving an audit whose latest change could not be saved.
    static let unsavedConfirm = KeyMap(title: "Changes not saved", bindings: [
        KeyBinding("Esc", "stay with the audit: free some space, then press s",
                   [(.escape, .cancel), (.character("n"), .cancel), (.character("q"), .cancel)]),
        KeyBinding("s", "save again now", [(.character("s"), .saveNow)]),
        KeyBinding("y", "leave anyway: the unsaved changes are lost", [(.character("y"), .confirm)]),
    ])

    /// `c` without gaps: what completing records is shown; y or Enter completes, n or Esc does not.
    static let completeConfirm = KeyMap(title: "Complete this audit?", bindings: [
        KeyBinding("y Enter", "complete it: it counts in the measures and becomes read-only",
                   [(.character("y"), .confirm), (.enter, .confirm)]),
        KeyBinding("n Esc", "not yet: back to the audit, still a draft",
                   [(.character("n"), .cancel), (.escape, .cancel), (.character("q"), .cancel)]),
    ])

    static let helpBox = KeyMap(title: "Keys: help", bindings: [
        KeyBinding("Esc", "close the help (also Enter, ?, q, F1)",
                   [(.escape, .cancel), (.enter, .cancel), (.character("?"), .cancel), (.character("q"), .cancel),
                    (.function(1), .cancel)]),
        KeyBinding("j/k ↑/↓", "scroll a help longer than the screen (PgUp/PgDn: top, end)",
                   [(.up, .up), (.character("k"), .up), (.down, .down), (.character("j"), .down),
                    (.pageUp, .pageUp), (.pageDown, .pageDown), (.character(" "), .pageDown)]),
    ])
}
