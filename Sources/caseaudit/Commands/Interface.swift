import ArgumentParser
import CaseAuditCore
import CaseAuditUI
import CursesTerminal
import Foundation

/// `caseaudit` with no subcommand: the terminal interface.
func openInterface(_ common: CommonOptions, ascii: Bool = false) throws {
    try requireTerminal()
    let setup = try InterfaceSetup.load(common)
    var environment = AppEnvironment(directory: setup.directory, catalog: setup.catalog,
                                     measures: setup.measures, user: AuditRepository.currentUser())
    environment.saveInBackground = true
    // The auditor's name is this user's, kept in their config rather than the shared data folder.
    let configURL = UserConfig.url()
    environment.rememberedAuditor = UserConfig.load(from: configURL).auditor
    environment.rememberAuditor = { name in
        var config = UserConfig.load(from: configURL)
        config.auditor = name
        // Not remembering a default costs a retype next time, never data: no message.
        try? config.save(to: configURL)
    }
    environment.rememberedSummaryFolder = UserConfig.load(from: configURL).summaryFolder
    environment.rememberSummaryFolder = { folder in
        var config = UserConfig.load(from: configURL)
        config.summaryFolder = folder
        try? config.save(to: configURL)
    }
    // Where this user left each draft: their own state, kept per data folder, never in it.
    let positionsURL = EditorPositions.url()
    let folder = setup.directory.root.standardizedFileURL.path
    environment.rememberedPositions = EditorPositions.load(from: positionsURL).folders[folder] ?? [:]
    environment.rememberPosition = { id, position in
        var positions = EditorPositions.load(from: positionsURL)
        positions.set(position, folder: folder, id: id)
        // A position not kept only means the draft opens at the start next time: no message.
        try? positions.save(to: positionsURL)
    }
    environment.loadInBackground = true
    let app = CaseAuditApp(environment: environment)
    try runOnTerminal(app, ascii: Glyphs.wantsASCII(flag: ascii, environment: ProcessInfo.processInfo.environment))
}

/// What the interface needs before it takes over the terminal. Everything that can fail with a
/// message is done here, while the message can still be read on a normal terminal.
struct InterfaceSetup {
    var directory: DataDirectory
    var catalog: TemplateCatalog
    var measures: [Measure]

    static func load(_ common: CommonOptions) throws -> InterfaceSetup {
        let directory = common.dataDirectory
        let catalog = try common.loadTemplateCatalog()
        guard !catalog.templates.isEmpty else {
            let problems = catalog.diagnostics.errors
            if !problems.isEmpty { throw DiagnosticsError(problems) }
            throw CaseAuditError(.noInput, file: catalog.folder.path, "holds no audit templates",
                                 remedy: "pass --templates DIR naming the folder of template .yaml files")
        }
        do {
            try directory.prepare(defaultMeasures: nil)
        } catch let e as CaseAuditError {
            throw CaseAuditError(.cannotCreate, e.diagnostic)
        }
        let measuresFile = try MeasuresFile.ensure(directory: directory, defaults: catalog.defaultMeasuresFile)
        let measures = try MeasuresFile.load(measuresFile, templates: catalog.templates)
        return InterfaceSetup(directory: directory, catalog: catalog, measures: measures)
    }
}

/// The interface reads keys from and draws on a terminal; piped or redirected, it cannot.
func requireTerminal() throws {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
        printError("""
            caseaudit: the interface needs a terminal, but standard input or output is not one.
            Run `caseaudit` in a terminal window (or over ssh with -t), or use a command such as \
            `caseaudit report` or `caseaudit export` in scripts.
            """)
        throw ExitCode(ExitStatus.usage.rawValue)
    }
}

/// Runs an application on the user's terminal until it quits; a signal or Ctrl-C ends the
/// program with 128 + the signal number after the application has saved its draft. A change
/// that could not be saved ends it with 74 and a line on standard error saying so.
func runOnTerminal(_ app: AppModel, ascii: Bool = false) throws {
    let terminal: CursesTerminal
    do {
        terminal = try CursesTerminal(ascii: ascii)
    } catch let error as CursesTerminalError {
        printError("caseaudit: \(error.description)")
        throw ExitCode(ExitStatus.usage.rawValue)
    }
    let outcome = AppLoop.run(app: app, terminal: terminal)
    // The terminal is restored by now, so this line stays readable after the program ends.
    if case .notSaved(let line) = outcome { printError("caseaudit: \(line)") }
    if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
}
