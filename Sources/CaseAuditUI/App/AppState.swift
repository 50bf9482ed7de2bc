import CaseAuditCore
import Foundation

public enum Screen: Equatable, Sendable {
    case dashboard, list, newAudit, editor, reports
}

/// The whole state of the interface. Views draw from it; only the reducer changes it.
public struct AppState: Sendable {
    public var width = 80
    public var height = 24
    public var screen: Screen = .dashboard
    public var user: String
    /// The auditor's name remembered for this user (`UserConfig`); new audits start with it,
    /// else with the login name.
    public var auditor: String?
    /// Where this user left each draft of this data folder (`EditorPositions`), by audit id.
    public var positions: [String: EditorPosition] = [:]
    /// Today's month (from the clock): the default month of a new audit, "this month" on the dashboard.
    public var today: Month
    public var templates: [AuditTemplate]
    /// Section ids of the templates: keys of the list's filter for section grades (`plan:ri`).
    var filterSections: [String] { templates.flatMap { $0.gradedSections.map(\.id) } }
    public var measures: [Measure]

    public var rows: [AuditFacts] = []
    /// The teams of `teams.yaml` in the data folder; nil when there is no such file.
    public var teams: [String]?
    /// The first problem of teams.yaml (file, line, what to do), shown where teams are picked.
    public var teamsProblem: String?
    /// The folder the last summary went to (`UserConfig`), offered for the next; nil: `workingDirectory`.
    public var summaryFolder: String?
    /// The folder the program was started in: where a relative path typed at a prompt points.
    public var workingDirectory = FileManager.default.currentDirectoryPath
    /// The teams a new audit picks from: teams.yaml's, else those the audits already use.
    var teamChoices: [String] { teams ?? TeamsFile.used(in: rows.map(\.team)) }
    /// Rows whose escalation is open, for the dashboard's line (counted once per load, moved per save).
    public private(set) var openEscalations = 0
    /// The latest month holding a completed audit (`latestCompletedMonth`), kept with the rows
    /// so a key never reads every row to find it.
    public private(set) var latestCompleted: Month?
    public var problems: [Diagnostic] = []
    /// The dashboard's and the reports' figures, from the core's counting function; nil until
    /// needed (or while being made on another thread: `preparing`).
    var figures: Figures?
    /// The list's index and the figures being made on another thread right after loading.
    var preparing: BackgroundPreparation?
    /// Saves made while `figures` were still being made on another thread, oldest first.
    var pendingChanges: [PendingChange] = []

    /// Awaiting moderation and overdue actions, for the dashboard; nil until made.
    public var qa: QAFigures?
    public var dashboard = DashboardState()
    public var list = ListState()
    public var newAudit = NewAuditState()
    public var reports = ReportsState()
    public var editor: EditorState?
    public var note: NoteState?
    public var overlay: Overlay?
    /// The first row of the help box's text shown, when the help is longer than the screen.
    public var helpTop = 0
    /// One line of news or error for the user (gaps remain, exported ...); cleared by the next key.
    public var status: String?
    /// The latest change to the open audit that could not be saved, kept until a save of it
    /// succeeds; its message stays on screen all that time (a failed save is never silent).
    public var unsaved: UnsavedChange?
    /// A failed export or summary: shown until an export succeeds or the user leaves the screen.
    public var writeFailure: String?
    /// One line for each unsaved change the user chose to leave; the program then exits 74.
    public var lost: [String] = []
    public var quit = false

    public init(user: String, today: Month, templates: [AuditTemplate], measures: [Measure]) {
        self.user = user
        self.today = today
        self.templates = templates
        self.measures = measures
    }

    mutating func setRows(_ rows: [AuditFacts], problems: [Diagnostic]) {
        self.rows = rows
        self.problems = problems
        // Read in place: `reduce` would copy each of 100,000 rows, retaining every string in it.
        openEscalations = rows.indices.count { rows[$0].escalation == .open }
        latestCompleted = Self.latestCompletedMonth(rows)
        rowsChanged()
    }

    /// Keeps the list, dashboard and reports in step with a saved audit without reloading or
    /// recounting 100,000 audits: one row is replaced (or added) and its figures moved.
    mutating func upsert(_ audit: Audit) {
        qa?.update(audit)
        let template = editor?.template.versionKey == audit.template.key ? editor?.template
            : templates.first { $0.id == audit.template.id && $0.version == audit.template.version }
        upsert(AuditFacts(audit: audit, templateSections: template?.sections.map(\.id) ?? [], answers: Measure.answerIDs(measures)))
    }

    /// The row of a saved audit replaces the one with its id, or is added.
    mutating func upsert(_ row: AuditFacts) {
        reports.rows = nil
        openEscalations += row.escalation == .open ? 1 : 0
        // An index still being built was built from the rows before this save: take it first.
        // (The figures, made after it, are not waited for: see `figuresChange`.)
        if preparing != nil { ensureListIndex() }
        if row.status == .complete, let m = row.month, m > (latestCompleted ?? m.adding(months: -1)) { latestCompleted = m }
        guard let i = rowIndex(of: row.id, hint: editor?.rowIndex) else {
            rows.append(row)
            if editor?.audit.id == row.id { editor?.rowIndex = rows.count - 1 }
            list.index?.update(rows.count - 1, to: row, rows: rows, reorder: true)
            figuresChange(old: nil, new: row)
            list.visible = nil
            return
        }
        let old = rows[i]
        openEscalations -= old.escalation == .open ? 1 : 0
        rows[i] = row
        // The latest month's audit reopened or moved: a save, not a key, reads every row again.
        if old.status == .complete && old.month == latestCompleted && (row.status != .complete || row.month != old.month) {
            latestCompleted = Self.latestCompletedMonth(rows)
        }
        // Most edits change answers, not what the list sorts by: the row keeps its place.
        let sortFieldsSame = old.month == row.month && old.team == row.team && old.template == row.template
            && old.status == row.status && old.overall == row.overall && old.caseRef == row.caseRef
        list.index?.update(i, to: row, rows: rows, reorder: !sortFieldsSame)
        figuresChange(old: old, new: row)
        if !sortFieldsSame {
            list.visible = nil
        } else if !list.filter.isEmpty {
            let filter = AuditFilter(list.filter, sections: filterSections)
            if filter.matches(old) != filter.matches(row) { list.visible = nil }
        }
    }

    mutating func rowsChanged() {
        figures = nil
        pendingChanges = []
        reports.rows = nil
        list.index = nil
        preparing = nil
        list.visible = nil
        list.drill = nil
    }

    /// Where the audit `id` is in `rows`: `hint` when it is there, else found by reading each
    /// row's id in place (a search over copies of 100,000 rows took milliseconds).
    func rowIndex(of id: String, hint: Int?) -> Int? {
        if let hint, rows.indices.contains(hint), rows[hint].id == id { return hint }
        for i in rows.indices.reversed() where rows[i].id == id { return i }
        return nil
    }

    /// Makes `list.index` ready: the one being built on another thread, or one built now.
    mutating func ensureListIndex() {
        guard list.index == nil else { return }
        list.index = preparing?.takeIndex() ?? ListIndex(rows, sortKeys: [])
        dropPreparedWhenTaken()
    }

    /// Moves one audit's figures; figures still being made on another thread get the change
    /// when taken (a save soon after opening must not wait for them).
    private mutating func figuresChange(old: AuditFacts?, new: AuditFacts) {
        figures?.replace(old: old, with: new)
        if preparing?.figuresTaken == false { pendingChanges.append(PendingChange(old: old, new: new)) }
    }

    /// The figures for `key`: made already, made on another thread since the load (waited for),
    /// or counted now.
    mutating func measureRows(_ key: Figures.Key) -> [MeasureRow] {
        if figures?.made(key) == nil { takePreparedFigures() }
        if figures == nil { figures = Figures(measures: measures) }
        return figures!.measures(key, rows: rows)
    }

    mutating func gradeReports(_ key: Figures.Key) -> [GradeReport] {
        if figures?.madeGrades(key) != true { takePreparedFigures() }
        if figures == nil { figures = Figures(measures: measures) }
        return figures!.grades(key, rows: rows)
    }

    /// Adds the figures made on another thread since the load (waiting for them), with the saves
    /// made meanwhile.
    private mutating func takePreparedFigures() {
        guard var taken = preparing?.takeFigures() else { return }
        for c in pendingChanges { taken.replace(old: c.old, with: c.new) }
        pendingChanges = []
        figures = figures.map { taken.adding($0) } ?? taken
        dropPreparedWhenTaken()
    }

    private mutating func dropPreparedWhenTaken() {
        if list.index != nil && preparing?.figuresTaken != false { preparing = nil }
    }

    /// Rows of the main area between the title bar and the status and key lines.
    var bodyHeight: Int { max(1, height - 3) }

    /// What stays on screen, above the key line, until it is dealt with: an unsaved change
    /// first, then a failed export.
    public var lastingMessage: String? { unsaved?.message ?? writeFailure }
}

/// A save that failed: the audit as it should have been saved, and what to tell the user.
public struct UnsavedChange: Equatable, Sendable {
    public var audit: Audit
    /// The amend reason the save carried, so a retry records the same.
    public var reason: String?
    /// For the screen: what failed, which file still holds the old version, and what to do.
    public var message: String
    /// One line for standard error when the program ends without saving it.
    public var summary: String
}

public enum Overlay: Equatable, Sendable {
    case help(KeyContext)
    case prompt(PromptState)
    case chooser(ChooserState)
    /// Leaving an audit whose latest change is not saved: stay (and retry), or leave and lose it.
    case unsavedConfirm
    /// `c` without gaps: what completing will record, asked once (y or Enter completes).
    case completeConfirm
    /// A question answered with y or n (delete a draft, start a second audit, add a team).
    case yesNo(YesNoState)
}

public struct YesNoState: Equatable, Sendable {
    public var title: String
    /// What the choice is about, a line each (the case, the template, the id ...).
    public var lines: [String]
    /// What y and n do, in a few words each.
    public var yes: String
    public var no: String
    public var purpose: YesNoPurpose
}

public enum YesNoPurpose: Equatable, Sendable {
    /// Delete the draft with this id (its history is kept).
    case deleteDraft(id: String)
    /// The case already has an audit of this template this month: create another anyway?
    case duplicateAudit
    /// A new team typed while teams.yaml exists: add it to the file for everyone?
    case addTeamToFile(String)
}

public struct PromptState: Equatable, Sendable {
    public var title: String
    public var field: LineField
    public var purpose: PromptPurpose
    public var error: String?
}

public enum PromptPurpose: Equatable, Sendable {
    case filter
    case amendReason
    /// Marking an escalation resolved: the day, then the reason the history records.
    case resolveDay
    case resolveReason(day: String)
    case value(section: String, question: String, type: QuestionType)
    /// Adding (index nil) or changing an action: what, then who, then by when.
    case actionWhat(index: Int?)
    case actionWho(index: Int?, what: String)
    case actionBy(index: Int?, what: String, who: String)
    case exportReport
    case exportSummary
    /// `S`: the summary of audit `id`, to the path typed (offered in the remembered folder).
    case summaryOf(id: String)
    /// A team not in the list yet, typed from the team picker.
    case newTeam
    /// The moderator's rationale for `grade` on a section (nil: the overall grade).
    case moderationRationale(section: String?, grade: Grade)
    /// The date action `index` was done.
    case actionDone(index: Int)
    /// The worker's reply: its text, then its date.
    case replyText(WorkerReply.Agreement)
    case replyDate(WorkerReply.Agreement, text: String)
}

public struct ChooserState: Equatable, Sendable {
    public var title: String
    public var options: [String]
    public var selected: Int
    public var purpose: ChooserPurpose
}

public enum ChooserPurpose: Equatable, Sendable {
    case value(section: String, question: String)
    /// The moderator's grade for a section (nil: the overall grade).
    case moderate(section: String?)
    /// How carried-over action `index` ended (`ActionOutcome.allCases` order).
    case actionOutcome(index: Int)
    /// Whether the worker agrees with the auditor's feedback (`WorkerReply.Agreement.allCases`).
    case replyAgreement
    /// The team of the new audit, from `AppState.teamChoices`; the last option adds one.
    case team
}

public struct DashboardState: Sendable {
    /// The month shown; nil means the latest month with completed audits.
    public var period: Month?
    public var quarterly = false
    /// The first measure shown when they do not all fit (the compact layout).
    public var scroll = 0
    /// The chosen measure, whose audits Enter lists.
    public var selected = 0
}

public enum SortKey: String, CaseIterable, Sendable {
    case month, team, template, status, overall, caseRef = "case ref"
}

public struct ListState: Sendable {
    public var selected = 0
    public var top = 0
    public var filter = ""
    /// Where Esc goes: the dashboard, or the reports screen after a drill-down.
    public var returnTo: Screen = .dashboard
    public var sort: SortKey = .month
    /// Columns scrolled sideways (←/→) when the list's columns are wider than the screen; 0 fits
    /// every column on screen, cutting long ones.
    public var scroll = 0
    /// Row indices shown, filtered and sorted; nil when it must be recomputed.
    var visible: [Int]?
    /// What rows are filtered and sorted by, with the sort orders made so far; nil until needed.
    var index: ListIndex?
    /// The row last opened from the list, so the editor finds it without a search.
    var openedRow: Int?
    /// A drill-down from the reports: the list shows exactly the audits behind that figure.
    var drill: DrillDown?
}

/// The audits behind one figure of the reports screen (`Counting.behind`).
struct DrillDown: Equatable, Sendable {
    /// The figure, as the title bar names it: measure (or section) and period.
    var title: String
    /// Which rows are behind it, by row index.
    var member: [Bool]
    var count: Int
}

/// A save to apply to figures still being made on another thread.
struct PendingChange: Sendable {
    var old: AuditFacts?
    var new: AuditFacts
}

public struct NewAuditState: Equatable, Sendable {
    public enum Step: Equatable, Sendable { case template, form }
    public enum Field: Int, CaseIterable, Sendable {
        case caseRef, cohort, team, worker, month, auditor
        var label: String {
            switch self {
            case .caseRef: return "Case reference"
            case .cohort: return "Cohort"
            case .team: return "Team"
            case .worker: return "Worker"
            case .month: return "Month"
            case .auditor: return "Auditor"
            }
        }
    }
    public var step: Step = .template
    public var templateIndex = 0
    public var focus: Field = .caseRef
    public var fields: [Field: LineField] = [:]
    public var cohortIndex = 0
    public var errors: [Field: String] = [:]
    /// Set once the user said y to starting a second audit of the same case, template and month.
    public var duplicateAccepted = false
    /// A team the user chose to use for this audit only, not added to teams.yaml.
    public var unlistedTeam: String?
    /// The fields in the order Enter and ↑/↓ move through them; Enter on the last saves.
    var order: [Field] { Field.allCases }
}

public enum ReadOnlyReason: Equatable, Sendable {
    case completed
    case locked(LockHolder)
}

/// One row of the editor's right pane.
public enum EditorItem: Equatable, Sendable {
    case question(String)
    case grade
    case overallGrade
    case action(Int)
    case workerFeedback
    case familyFeedback
    /// The auditor's feedback to the worker, and the worker's reply to it.
    case feedbackToWorker, workerReply
}

public struct EditorState: Equatable, Sendable {
    public var audit: Audit
    public var template: AuditTemplate
    /// Index into the template's sections; `template.sections.count` is the Overall pseudo-section.
    public var section = 0
    public var item = 0
    public var showGuidance = false
    public var readOnly: ReadOnlyReason?
    /// Set after `A` when a completed audit is being amended; recorded with every save.
    public var amendReason: String?
    public var sectionTop = 0
    public var itemTop = 0
    /// The details form (`E`): case reference, cohort, team, worker and month; nil when closed.
    public var details: NewAuditState?
    /// Where the audit's row is in `AppState.rows`, so a save replaces it without a search.
    var rowIndex: Int?
    /// The case's earlier completed audits, latest first (from the rows when it was opened).
    public var earlier: [AuditFacts] = []
    /// This session's changes to the audit, latest last, for `u` (at most `UndoStep.limit`).
    public var undo: [UndoStep] = []

    var isOverall: Bool { section >= template.sections.count }
    var currentSection: TemplateSection? { isOverall ? nil : template.sections[section] }

    func items(_ index: Int) -> [EditorItem] {
        if index >= template.sections.count {
            return [.overallGrade] + audit.actions.indices.map { .action($0) } + [.workerFeedback, .familyFeedback, .feedbackToWorker, .workerReply]
        }
        let s = template.sections[index]
        var items = s.questions(for: audit.cohort).map { EditorItem.question($0.id) }
        if s.graded { items.append(.grade) }
        return items
    }

    var currentItem: EditorItem? {
        let all = items(section)
        return all.indices.contains(item) ? all[item] : nil
    }

    var currentQuestion: Question? {
        guard case .question(let id)? = currentItem else { return nil }
        return currentSection?.question(id)
    }
}

/// One change `u` can take back: the audit as it was before it, what it was, and where the cursor was.
public struct UndoStep: Equatable, Sendable {
    public var audit: Audit
    public var what: String
    public var section: Int
    public var item: Int
    /// Steps kept: enough to go back over a slip or two, without keeping every version in memory.
    static let limit = 20
}

public enum NoteTarget: Equatable, Sendable {
    case answerNote(section: String, question: String)
    case value(section: String, question: String)
    case smartAction(section: String, question: String)
    case rationale(section: String)
    case overallRationale
    case workerFeedback
    case familyFeedback
    case feedbackToWorker
    case actionWhat(Int)
}

public struct NoteState: Equatable, Sendable {
    public var target: NoteTarget
    public var title: String
    public var context: String
    public var buffer: TextBuffer
    public var top = 0
}
