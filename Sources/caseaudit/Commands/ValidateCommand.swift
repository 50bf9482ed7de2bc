import ArgumentParser
import CaseAuditCore

// Placeholder: replaced by the validate work.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Check templates, measures and audit files.")
}
