import ArgumentParser
import CaseAuditCore
import Foundation

/// `caseaudit templates list | show ID | check FILE...`
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "List, print and check audit templates.",
        discussion: """
            Templates are YAML files in the templates folder (--templates DIR, else $CASEAUDIT_TEMPLATES, \
            else the AuditTemplates folder installed beside the program). The format is described in \
            docs/templates.md.

            Examples:
              caseaudit templates list
              caseaudit templates show child-journey
              caseaudit templates check AuditTemplates/*.yaml
            """,
        subcommands: [TemplatesList.self, TemplatesShow.self, TemplatesCheck.self],
        defaultSubcommand: TemplatesList.self
    )
}

struct TemplatesList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the templates: id, version, title, cohorts and sections.",
        discussion: """
            Shows the newest version of each template in the templates folder. A template with errors is \
            left out and its problems are printed (exit status 65); run `caseaudit templates check` on it \
            for the details.

            Example:
              caseaudit templates list --templates AuditTemplates
            """
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        try reportingErrors {
            let catalog = try common.loadTemplateCatalog()
            if catalog.templates.isEmpty {
                printError("caseaudit: no templates in \(catalog.folder.path)")
            } else {
                print(TerminalText.safe(TemplateText.table(catalog.templates), multiline: true))
            }
            try failOnErrors(catalog)
        }
    }
}

struct TemplatesShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a template: its sections, questions, guidance and limits.",
        discussion: """
            Prints the newest version, or the one given with --template-version (also a version kept in the \
            data directory for audits made with it).

            Examples:
              caseaudit templates show child-journey-lac
              caseaudit templates show child-journey --template-version 1
            """
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("The template's id, as in `caseaudit templates list`.", valueName: "id"))
    var id: String

    // Not `--version`: that is the program's own version flag.
    @Option(name: .customLong("template-version"), help: ArgumentHelp("Print this version rather than the newest.", valueName: "n"))
    var version: Int?

    func run() throws {
        try reportingErrors {
            let catalog = try common.loadTemplateCatalog()
            let found = version.map { catalog.template(TemplateRef(id: id, version: $0)) } ?? catalog.latest(id)
            guard let template = found else {
                try failOnErrors(catalog)
                throw notFound(catalog)
            }
            print(TerminalText.safe(TemplateText.describe(template), multiline: true))
        }
    }

    private func notFound(_ catalog: TemplateCatalog) -> CaseAuditError {
        let versions = catalog.allVersions.filter { $0.id == id }.map { "\($0.version)" }
        if let version, !versions.isEmpty {
            return CaseAuditError(.usage, file: catalog.folder.path, "template \"\(id)\" has no version \(version)",
                                  remedy: "versions known: \(versions.joined(separator: ", "))")
        }
        let ids = catalog.templates.map(\.id)
        return CaseAuditError(.usage, file: catalog.folder.path, "no template with id \"\(id)\"",
                              remedy: ids.isEmpty ? "the folder holds no templates; see `caseaudit templates --help`"
                                                  : "use one of \(ids.joined(separator: ", "))")
    }
}

/// Prints the catalog's errors (warnings are for `check`) and fails with 65 when there are any.
func failOnErrors(_ catalog: TemplateCatalog) throws {
    let errors = catalog.diagnostics.errors
    guard !errors.isEmpty else { return }
    throw DiagnosticsError(errors, status: .dataError)
}
