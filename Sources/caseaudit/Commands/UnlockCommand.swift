import ArgumentParser
import CaseAuditCore
import Foundation

/// `caseaudit unlock AUDIT_ID [--force]`: breaks an editing lock someone left behind.
struct UnlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Remove the editing lock on an audit left by a crashed program or another machine.",
        discussion: """
            A lock left by a program that died on this machine is recovered by itself the next time the \
            audit is opened. A lock taken on another machine is only removed here: without --force once it \
            is older than 12 hours, with --force at once. Without --force a lock held by a program still \
            running on this machine is never removed. Removing a lock that is still in use lets two people \
            edit the same audit; the history keeps both sets of changes, but the last save wins.

            Examples:
              caseaudit unlock 2018-12-0a1b2c3d
              caseaudit unlock 2018-12-0a1b2c3d --force --data /shared/audits
            """
    )

    @Argument(help: "The audit id, as shown in the audits list.")
    var auditID: String

    @Flag(name: .long, help: "Remove the lock even if its holder may still be editing.")
    var force = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        try reportingErrors {
            try checkAuditID(auditID)
            let directory = try common.existingDataDirectory()
            let lockFile = AuditLock.file(id: auditID, directory: directory).path
            switch try AuditLock.breakLock(id: auditID, directory: directory, force: force) {
            case .notLocked:
                print("\(auditID) is not locked.")
            case .removed(let holder, let stale):
                let who = holder.map { "\($0.user) on \($0.host) since \(Self.time($0.started)) (process \($0.pid))" }
                    ?? "an unreadable lock file"
                if stale, let holder, holder.host == AuditLock.hostName() {
                    print(TerminalText.safe("Removed a stale lock on \(auditID), held by \(who), a program that is no longer running."))
                } else if stale {
                    // Another machine: its holder may be back at the desk after a weekend, so say who it was.
                    printError("caseaudit: warning: removed the lock on \(auditID) held by \(who), over 12 hours old; if they are still editing, the last save wins (the history keeps both)")
                } else {
                    printError("caseaudit: warning: removed the lock on \(auditID) held by \(who); if they are still editing, the last save wins (the history keeps both)")
                }
            case .refused(let holder, let why):
                throw CaseAuditError(.usage, file: lockFile,
                    "not removed: \(holder.user) on \(holder.host) has held it since \(Self.time(holder.started)) and \(why)",
                    remedy: "ask them to close the audit, or add --force if you are sure they are not editing it")
            }
        }
    }

    static func time(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
