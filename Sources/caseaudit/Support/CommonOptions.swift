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
}
