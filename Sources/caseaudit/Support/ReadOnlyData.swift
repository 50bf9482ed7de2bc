import ArgumentParser
import CaseAuditCore
import Foundation

extension CommonOptions {
    /// The data directory of a command that only reads (report, grades, audits, export, summary,
    /// history, validate, unlock): a missing one or a file is exit 66 saying how to make one,
    /// so a mistyped `--data` is never created or read as an empty folder. Warns on standard
    /// error when other users can read it (audits hold sensitive case information), unless
    /// `warningReadable` is false (`validate` lists that warning with its other problems).
    func existingDataDirectory(warningReadable: Bool = true) throws -> DataDirectory {
        let directory = dataDirectory
        try directory.requireExisting()
        if warningReadable, let warning = directory.permissionWarning() { printError(warning.description) }
        return directory
    }
}

/// An audit id given on the command line: a usage error (64) naming the allowed characters,
/// the same for every command that takes one, before any file is looked at.
func checkAuditID(_ id: String) throws {
    guard AuditStore.isValidID(id) else {
        throw CaseAuditError(.usage, file: id, "not a valid audit id",
                             remedy: "an id is 1-64 letters, digits, '-', '_' or '.', not starting with '.', "
                                 + "such as 2018-12-0a1b2c3d (the audits list and exports show them)")
    }
}
