import ArgumentParser
import CaseAuditCore

// Placeholder: replaced by the templates work (list, show, check).
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "templates", abstract: "List, print and check templates.")
}
