import ArgumentParser
import CaseAuditCore
import Foundation

/// `caseaudit _watch --data DIR`: the folder watcher, started detached by the commands that
/// load the index; hidden from help. Exits 0 at once when another watcher serves the folder or
/// the folder is not on a local file system; otherwise when the folder goes or after
/// `CASEAUDIT_WATCH_IDLE` seconds (default 1800) without a request.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_watch",
        abstract: "Watch the audits folder for the index (started by caseaudit itself).",
        shouldDisplay: false
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        let idle = ProcessInfo.processInfo.environment["CASEAUDIT_WATCH_IDLE"].flatMap(TimeInterval.init) ?? 30 * 60
        // Hold no folder busy (the spawner's working directory may be on a drive to unmount).
        _ = FileManager.default.changeCurrentDirectoryPath("/")
        guard let watcher = FolderWatcher(directory: common.dataDirectory, idle: max(idle, 0.1)) else { return }
        watcher.serve()
    }
}
