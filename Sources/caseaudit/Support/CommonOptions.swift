import ArgumentParser
import CaseAuditCore
import Foundation

/// `--data` and `--templates`, taken by every command after its name.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The data directory.", valueName: "dir"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("The folder of audit templates.", valueName: "dir"))
    var templates: String?

    var dataDirectory: DataDirectory { DataDirectory.resolve(explicit: data) }

    /// The data directory, after warning on standard error when other users can read it:
    /// audits hold sensitive case information (product.md section 7).
    var checkedDataDirectory: DataDirectory {
        let directory = dataDirectory
        if let warning = directory.permissionWarning() { printError(warning.description) }
        return directory
    }
}
