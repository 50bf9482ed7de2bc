import CaseAuditCore
import Foundation

/// The application the run loop drives: keys become actions, the reducer changes state, effects
/// (saving, opening, locks) run here, outside the reducer, and report back as actions.
public final class CaseAuditApp: AppModel {
    public private(set) var state: AppState
    let environment: AppEnvironment

    /// Locks this process holds, by audit id.
    var heldLocks: [String: @Sendable () -> Void] = [:]

    /// Set when saves run off the key path (`AppEnvironment.saveInBackground`).
    let saver: BackgroundSaver?
    private var presentedOnce = false
    /// The dashboard's QA figures being made after the first screen.
    private var qaLoader: QAFiguresLoader?

    /// Set while the rows load on another thread (`AppEnvironment.loadInBackground`).
    private var loading: RowLoading?

    /// The file of the audit this user only views, as it was when last read, so a colleague's
    /// save is shown without reopening (`checkViewedFile`).
    private var viewed: (id: String, stamp: FileStamp?)?
    /// When the viewed file was last looked at (uptime, ns), and whether it changed since it was read.
    private var lastLook: UInt64 = 0
    private var viewedChanged = false
    /// A stat on a shared drive is a network round trip: at most one a second.
    static let lookInterval: UInt64 = 1_000_000_000

    /// Loads the audit rows once; nothing is reloaded on a keypress.
    public init(environment: AppEnvironment) {
        self.environment = environment
        saver = environment.saveInBackground ? BackgroundSaver() : nil
        state = AppState(user: environment.user, today: Month.current(environment.now()),
                         templates: environment.templates, measures: environment.measures)
        state.auditor = environment.rememberedAuditor
        state.summaryFolder = environment.rememberedSummaryFolder
        state.workingDirectory = environment.workingDirectory
        let teams = environment.loadTeams()
        state.teams = teams.teams
        state.teamsProblem = teams.problems.first.map { "teams.yaml: " + $0.description }
        state.positions = environment.rememberedPositions
        if environment.loadInBackground {
            loading = RowLoading(environment.loadRows)
        } else {
            rowsLoaded(environment.loadRows())
        }
    }

    private func rowsLoaded(_ loaded: (rows: [AuditFacts], problems: [Diagnostic])) {
        // The dashboard's figures first, counted on both cores; then the list's index and the
        // reports' figures on another thread, while the dashboard is drawn.
        var clock = PhaseClock()
        clock.sinceProcessStart("process start to the rows taken")
        dispatch(.rowsLoaded(loaded.rows, problems: loaded.problems))
        clock.lap("the dashboard's figures")
        let end = state.latestCompleted ?? state.today
        state.preparing = BackgroundPreparation(rows: loaded.rows, measures: environment.measures,
                                                figureKeys: ReportsReducer.figureKeys(end: end) + [Figures.Key(grouping: .quarter)],
                                                gradeKeys: ReportsReducer.keys(end: end))
    }

    /// Hands the rows to the state once they are loaded; `wait` waits for them (a key never acts
    /// on a list that is not there yet). Returns whether they are in.
    @discardableResult
    func takeRows(wait: Bool) -> Bool {
        guard let loading else { return true }
        guard let loaded = loading.take(wait: wait) else { return false }
        self.loading = nil
        rowsLoaded(loaded)
        return true
    }

    /// The first screen while the rows load: says what is happening, and is replaced without a
    /// key when they are in (`needsRedraw`).
    static func drawLoading(into grid: inout CellGrid, directory: String) {
        grid.clear()
        _ = grid.put("caseaudit", row: 0, column: 1, style: .init(bold: true))
        _ = grid.put("Loading the audits in \(directory)...", row: 2, column: 1, maxColumns: max(0, grid.width - 2))
    }

    /// Work not needed for the first screen starts once it is shown: the sweep for leftovers of
    /// interrupted writes (a `readdir` of every audit's name). It runs on the save queue when there
    /// is one, so it never runs beside one of our saves (it removes only files over a minute old).
    /// The QA figures (which read every audit, seconds of CPU at 100,000) start only once a screen
    /// drawn with the rows in is shown: the dashboard with its figures, so they never take a core
    /// from the load the dashboard waits for.
    public func screenPresented() {
        if !qaStarted && loading == nil {
            qaStarted = true
            if let loadQA = environment.loadQA { qaLoader = QAFiguresLoader(loadQA) }
        }
        guard !presentedOnce else { return }
        presentedOnce = true
        let sweep = environment.sweepLeftovers
        if let saver { saver.afterPendingSaves(sweep) } else { sweep() }
    }

    /// Whether the QA figures were started (`screenPresented`).
    private(set) var qaStarted = false

    public func draw(into grid: inout CellGrid) {
        guard takeRows(wait: false) else {
            Self.drawLoading(into: &grid, directory: environment.directory.root.path)
            return
        }
        reduceSaveResults()
        takeQAFigures()
        if viewedChanged { refreshViewed() }
        if grid.width != state.width || grid.height != state.height {
            dispatch(.resize(width: grid.width, height: grid.height))
        }
        Views.draw(state, into: &grid)
    }

    /// A background save has finished: the run loop draws again without waiting for a key, so
    /// a failure shows at once.
    public var needsRedraw: Bool {
        (saver?.hasResults ?? false) || (loading?.isDone ?? false) || (qaLoader?.isReady ?? false) || checkViewedFile()
    }

    /// Whether the file of the audit this user views read-only (someone else's lock, or a
    /// completed audit) was saved again since it was read. Asked on the run loop's tick while it
    /// waits for a key; `throttled`, it looks at the file at most once a second.
    func checkViewedFile(throttled: Bool = true) -> Bool {
        guard let ed = state.editor, ed.readOnly != nil, heldLocks[ed.audit.id] == nil,
              let viewed, viewed.id == ed.audit.id else { return false }
        if viewedChanged { return true }
        let now = DispatchTime.now().uptimeNanoseconds
        if throttled && now - lastLook < Self.lookInterval { return false }
        lastLook = now
        guard let stamp = environment.auditFileStamp(viewed.id), stamp != viewed.stamp else { return false }
        viewedChanged = true
        return true
    }

    /// Reads the viewed audit again, with who holds it now, and shows it.
    private func refreshViewed() {
        viewedChanged = false
        guard let id = viewed?.id, state.editor?.audit.id == id else { return }
        let stamp = environment.auditFileStamp(id)
        // A file caught mid-save or damaged by hand is left as last shown; the next save is seen.
        guard let audit = try? environment.loadAudit(id) else { return }
        viewed = (id, stamp)
        dispatch(.changedOnDisk(audit, lockedBy: heldLocks[id] == nil ? environment.lockHolder(id) : nil))
    }

    /// Sets the QA figures directly (tests, and callers that made them already).
    func setQA(_ qa: QAFigures) { state.qa = qa }

    /// The QA figures made on another thread, with the saves made meanwhile applied again.
    private func takeQAFigures() {
        guard var qa = qaLoader?.take() else { return }
        qaLoader = nil
        // Audits saved since loading began may be older in `qa`: the open one is applied again.
        if let open = state.editor?.audit { qa.update(open) }
        state.qa = qa
    }

    public func handle(_ event: KeyEvent) -> Bool {
        takeRows(wait: true)
        reduceSaveResults()
        let action = KeyBindings.action(for: event, in: state)
        // Leaving, quitting and saving again must know how every save so far went: leaving an
        // audit whose change failed asks first.
        let settle = action == .back || action == .quit || action == .saveNow
        if settle { settleSaves() }
        dispatch(action)
        if action == .saveNow { settleSaves() }
        if state.quit { releaseAllLocks() }
        return !state.quit
    }

    /// Keeps the text of an open note and saves the open draft, or the change kept after a failed
    /// save (on SIGINT, SIGTERM, SIGHUP, end of input and quit). `unsavedWarning` then says
    /// whether anything is still unsaved.
    public func emergencySave() {
        if state.note != nil {
            // A help box over the note would take the confirm; the note's text matters more.
            state.overlay = nil
            dispatch(.confirm)
        }
        // What is typed into an answer's, an action's or the reply's one-line dialog is kept too.
        for effect in OverlayReducer.keepOnHangUp(&state, ReduceContext(now: environment.now(), makeID: environment.makeID)) {
            perform(effect)
        }
        for effect in EditorReducer.rememberPosition(&state) { perform(effect) }
        if let ed = state.editor, ed.readOnly == nil {
            perform(.save(ed.audit, reason: ed.amendReason))
        } else if let change = state.unsaved {
            perform(.save(change.audit, reason: change.reason))
        }
        settleSaves()
    }

    /// One line for standard error when the program ends with a change not on disk: one whose
    /// last save failed, or one the user chose to leave. The program then exits 74.
    public func unsavedWarning() -> String? {
        let lines = state.lost + (state.unsaved.map { [$0.summary] } ?? [])
        return lines.isEmpty ? nil : lines.joined(separator: "; ")
    }

    func releaseAllLocks() {
        for release in heldLocks.values { releaseAfterSaves(release) }
        heldLocks = [:]
    }

    /// A lock is let go only once the saves made under it are on disk.
    /// Takes the audit's lock unless this program holds it already; who holds it when someone else does.
    private func takeLock(_ id: String) throws -> LockHolder? {
        guard heldLocks[id] == nil else { return nil }
        switch try environment.acquireLock(id) {
        case .acquired(let release): heldLocks[id] = release; return nil
        case .heldBy(let h): return h
        }
    }

    private func releaseAfterSaves(_ release: @escaping @Sendable () -> Void) {
        if let saver { saver.afterPendingSaves(release) } else { release() }
    }

    /// Reduces the outcomes of background saves, in the order the saves ran.
    private func reduceSaveResults() {
        guard let results = saver?.takeResults() else { return }
        for r in results { dispatch(r) }
    }

    /// Waits for every queued save and reduces its outcome.
    private func settleSaves() {
        saver?.waitForPending()
        reduceSaveResults()
    }

    /// Runs an effect outside `dispatch` and reduces its reply.
    private func perform(_ effect: Effect) {
        if let reply = run(effect) { dispatch(reply) }
    }

    func dispatch(_ action: Action) {
        var pending = [action]
        while !pending.isEmpty {
            let next = pending.removeFirst()
            let context = ReduceContext(now: environment.now(), makeID: environment.makeID)
            for effect in reduce(&state, next, context) {
                if let reply = run(effect) { pending.append(reply) }
            }
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case let e as CaseAuditError: return e.diagnostic.message + (e.diagnostic.remedy.map { " (\($0))" } ?? "")
        case let d as Diagnostic: return d.message + (d.remedy.map { " (\($0))" } ?? "")
        case let e as DiagnosticsError: return e.diagnostics.map(\.message).joined(separator: "; ")
        default: return "\(error)"
        }
    }

    /// What failed and what to do, apart: the messages below name the file themselves.
    static func explain(_ error: Error) -> (cause: String, remedy: String) {
        let fallback = "free some space on the disk and check you may write to the folder"
        switch error {
        case let e as CaseAuditError: return (e.diagnostic.message, e.diagnostic.remedy ?? fallback)
        case let d as Diagnostic: return (d.message, d.remedy ?? fallback)
        default: return (describe(error), fallback)
        }
    }

    /// What is wrong with the folder an export goes to, with what to do, or nil when it is a
    /// folder: a missing one is named with the command that makes it.
    static func folderProblem(of path: String) -> String? {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else {
            return "the folder \(folder) does not exist. Create it (mkdir -p \(folder)) or type another folder"
        }
        guard isFolder.boolValue else { return "\(folder) is a file, not a folder. Type another folder" }
        return nil
    }

    /// The lasting message and the standard-error line for a save of `audit` to `file` that failed.
    static func unsaved(_ audit: Audit, reason: String?, error: Error, file: String) -> UnsavedChange {
        let (cause, remedy) = explain(error)
        let onDisk = FileManager.default.fileExists(atPath: file)
            ? "\(file) holds the last version saved" : "\(file) was never written"
        return UnsavedChange(
            audit: audit, reason: reason,
            message: "NOT SAVED to \(file): \(cause). Your changes are kept here until saved: \(remedy), "
                + "then press s to try again.",
            summary: "changes to audit \(audit.id) were NOT saved (\(cause)); \(onDisk)")
    }

    /// Runs one effect; returns the action that reports its result, if any.
    func run(_ effect: Effect) -> Action? {
        let env = environment
        switch effect {
        case .save(let audit, let reason):
            let file = env.directory.auditFile(audit.id).path
            if let saver {
                saver.save({ try env.saveAudit(audit, reason) }, done: .saved(id: audit.id),
                           failed: { .saveFailed(CaseAuditApp.unsaved(audit, reason: reason, error: $0, file: file)) })
                return nil
            }
            do {
                try env.saveAudit(audit, reason)
                return .saved(id: audit.id)
            } catch {
                return .saveFailed(CaseAuditApp.unsaved(audit, reason: reason, error: error, file: file))
            }
        case .open(let id):
            saver?.waitForPending()   // read back what was just saved
            do {
                // Stamped before reading: a save landing after the read is seen by the next look.
                viewed = (id, env.auditFileStamp(id))
                viewedChanged = false
                let audit = try env.loadAudit(id)
                var holder: LockHolder?
                // A completed audit opens read-only without its lock, so looking at one never
                // keeps a colleague from amending it; the lock is taken when amending starts.
                if audit.status != .complete { holder = try takeLock(id) }
                return .auditLoaded(audit, template: env.catalog.template(audit.template), lockedBy: holder)
            } catch {
                return .message("Cannot open \(id): " + CaseAuditApp.describe(error))
            }
        case .lockToAmend(let id):
            saver?.waitForPending()
            do {
                if let h = try takeLock(id) { return .message("Not amended: \(h.heldSince); try again once it is closed") }
                return .amendLocked(try env.loadAudit(id))
            } catch {
                if let release = heldLocks.removeValue(forKey: id) { releaseAfterSaves(release) }
                return .message("Cannot amend \(id): " + CaseAuditApp.describe(error))
            }
        case .lockToResolve(let id, let day, let reason):
            saver?.waitForPending()
            do {
                if let h = try takeLock(id) { return .message(h.readOnlyMessage) }
                return .resolveLocked(try env.loadAudit(id), day: day, reason: reason)
            } catch {
                if let release = heldLocks.removeValue(forKey: id) { releaseAfterSaves(release) }
                return .message("Cannot resolve the escalation of \(id): " + CaseAuditApp.describe(error))
            }
        case .lockToModerate(let id, let section, let grade, let rationale):
            saver?.waitForPending()
            do {
                if let h = try takeLock(id) { return .message(h.readOnlyMessage) }
                return .moderateLocked(try env.loadAudit(id), section: section, grade: grade, rationale: rationale)
            } catch {
                if let release = heldLocks.removeValue(forKey: id) { releaseAfterSaves(release) }
                return .message("Cannot moderate \(id): " + CaseAuditApp.describe(error))
            }
        case .lock(let id):
            do {
                if let h = try takeLock(id) { return .message(h.readOnlyMessage) }
            } catch {
                return .message("Cannot lock \(id): " + CaseAuditApp.describe(error))
            }
            return nil
        case .rememberAuditor(let name):
            env.rememberAuditor(name)
            return nil
        case .rememberPosition(let id, let position):
            env.rememberPosition(id, position)
            return nil
        case .carryOver(let id, let from):
            saver?.waitForPending()
            var carried: [AuditAction] = []
            for earlierID in from {
                guard let earlier = try? env.loadAudit(earlierID) else { continue }
                for a in earlier.actions where !a.done && a.outcome == nil {
                    var c = a
                    c.carriedFrom = earlierID
                    carried.append(c)
                }
            }
            return .carriedOver(id: id, carried)
        case .recordOutcome(let earlierID, let action, let newID):
            saver?.waitForPending()
            // The earlier audit is written under its own lock, like every other write, so a
            // colleague who has it open does not lose this change or overwrite it.
            var release: (@Sendable () -> Void)?
            if heldLocks[earlierID] == nil {
                do {
                    switch try env.acquireLock(earlierID) {
                    case .acquired(let r): release = r
                    case .heldBy(let h):
                        return .message("The outcome is saved here but not yet in audit \(earlierID): \(h.user) has it open. "
                                        + "Record it there with d once they have closed it.")
                    }
                } catch {
                    return .message("The outcome is saved here but not in audit \(earlierID): " + CaseAuditApp.describe(error))
                }
            }
            defer { release?() }
            do {
                var earlier = try env.loadAudit(earlierID)
                guard let i = earlier.actions.firstIndex(where: {
                    $0.what == action.what && $0.who == action.who && $0.by == action.by && $0.outcome == nil
                }) else { return nil }
                earlier.actions[i].outcome = action.outcome
                earlier.actions[i].done = true
                earlier.actions[i].doneOn = action.doneOn
                earlier.updated = env.now()
                try env.saveAudit(earlier, "Outcome of a carried-over action recorded in follow-up audit \(newID)")
                return nil
            } catch {
                return .message("The outcome is saved here but not in audit \(earlierID): " + CaseAuditApp.describe(error))
            }
        case .write(let path, let text):
            let expanded = (path as NSString).expandingTildeInPath
            if let problem = CaseAuditApp.folderProblem(of: expanded) {
                return .exportFailed("NOT EXPORTED to \(expanded): \(problem), then export again.")
            }
            do {
                try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: expanded))
                return .exported(expanded)
            } catch {
                let (cause, remedy) = CaseAuditApp.explain(error)
                return .exportFailed("NOT EXPORTED to \(expanded): \(cause). Nothing was written there: \(remedy), "
                                     + "or choose another folder, then export again.")
            }
        case .deleteDraft(let id):
            saver?.waitForPending()
            do {
                if let h = try takeLock(id) { return .message("Not deleted: " + h.readOnlyMessage) }
                defer { if let release = heldLocks.removeValue(forKey: id) { release() } }
                try env.deleteAudit(id)
                return .deleted(id: id)
            } catch {
                return .message("Not deleted: " + CaseAuditApp.describe(error))
            }
        case .addTeam(let name):
            do {
                try env.addTeam(name)
            } catch {
                return .message("\(name) is used for this audit but was not added to teams.yaml: " + CaseAuditApp.describe(error))
            }
            let loaded = env.loadTeams()
            return .teamsLoaded(loaded.teams, problem: loaded.problems.first.map { "teams.yaml: " + $0.description })
        case .writeSummary(let id, let path):
            saver?.waitForPending()   // the summary is of the audit as saved
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if let problem = CaseAuditApp.folderProblem(of: path) {
                return .exportFailed("NOT WRITTEN to \(path): \(problem), then press S again.")
            }
            do {
                let audit = try env.loadAudit(id)
                let previous = AuditSummary.earlier(than: audit, among: state.rows).first.flatMap { try? env.loadAudit($0.id) }
                let format = AuditSummary.Format(path: path) ?? .html
                let text = AuditSummary(audit, template: env.catalog.template(audit.template), previous: previous).render(format)
                try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: path))
            } catch {
                let (cause, remedy) = CaseAuditApp.explain(error)
                return .exportFailed("NOT WRITTEN to \(path): \(cause). Nothing was written there: \(remedy), "
                                     + "or choose another folder, then press S again.")
            }
            env.rememberSummaryFolder(folder)
            return .summaryWritten(path: path, folder: folder)
        case .reload(let id):
            guard FileManager.default.fileExists(atPath: env.directory.auditFile(id).path) else {
                return .reloaded(id: id, nil)
            }
            // A file that cannot be read now leaves the row as it is.
            return (try? env.loadAudit(id)).map { .reloaded(id: id, $0) }
        case .releaseLock(let id):
            if let release = heldLocks.removeValue(forKey: id) { releaseAfterSaves(release) }
            return nil
        }
    }
}
