import ArgumentParser
import CaseAuditCore
import Foundation

struct TemplatesCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check template files and report every problem in them.",
        discussion: """
            Every problem of every file is printed in one run, one per line, as file:line:column: error: message (remedy). A folder checks the *.yaml files in it.

            Exit status: 0 when there are no errors (warnings allowed), 65 when any file has an error, 66 when a file does not exist.

            Examples:
              caseaudit templates check AuditTemplates/*.yaml
              caseaudit templates check my-new-template.yaml
            """
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("Template files (or folders of them) to check.", valueName: "file"))
    var files: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one template file to check") }
    }

    func run() throws {
        var missing = false
        var checked = 0
        var all: [Diagnostic] = []
        for path in files {
            for file in expand(path) {
                guard FileManager.default.fileExists(atPath: file) else {
                    missing = true
                    printError(Diagnostic.error(file, "the file does not exist",
                                                remedy: "check the name; shipped templates are in AuditTemplates/").description)
                    continue
                }
                let found = TemplateParser.parse(contentsOf: URL(fileURLWithPath: file), file: file).diagnostics
                checked += 1
                for d in found { printError(d.description) }
                all += found
            }
        }
        let errors = all.errors.count, warnings = all.warnings.count
        print("\(checked) \(checked == 1 ? "file" : "files") checked: \(errors) \(errors == 1 ? "error" : "errors"), "
              + "\(warnings) \(warnings == 1 ? "warning" : "warnings")")
        if missing { throw ExitCode(ExitStatus.noInput.rawValue) }
        if errors > 0 { throw ExitCode(ExitStatus.dataError.rawValue) }
    }

    /// A folder stands for its top-level `*.yaml` files, as the catalog reads them.
    private func expand(_ path: String) -> [String] {
        let url = URL(fileURLWithPath: path)
        guard TemplateLocator.isFolder(url) else { return [path] }
        return TemplateCatalog.yamlFiles(in: url).map { path.hasSuffix("/") ? path + $0.lastPathComponent
                                                                            : path + "/" + $0.lastPathComponent }
    }
}
