import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `CASEAUDIT_TIMING=FILE` (hidden, for Scripts/bench.sh): the run loop appends to FILE the time
/// from process start to the first screen presented (`open <ms>`), then for each key the time from
/// reading it to its screen presented (`key <name> <ms>`). Nothing is measured otherwise.
struct InterfaceTiming {
    private let fd: Int32
    private var keyRead: UInt64?
    private var keyName = ""
    private var opened = false

    init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let path = environment["CASEAUDIT_TIMING"], path != "1", !path.isEmpty else { return nil }
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { return nil }
    }

    mutating func keyWasRead(_ event: KeyEvent) {
        keyRead = Self.nanoseconds(CLOCK_MONOTONIC)
        keyName = "\(event)".replacingOccurrences(of: " ", with: "_")
    }

    mutating func presented() {
        let now = Self.nanoseconds(CLOCK_MONOTONIC)
        if !opened {
            opened = true
            if let since = Self.sinceProcessStart() { write(String(format: "open %.3f\n", since)) }
        } else if let start = keyRead {
            write(String(format: "key %@ %.3f\n", keyName, Double(now - start) / 1e6))
        }
        keyRead = nil
    }

    private func write(_ line: String) {
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }

    private static func nanoseconds(_ clock: clockid_t) -> UInt64 {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Milliseconds since the kernel started this process (field 22 of /proc/self/stat, in clock
    /// ticks since boot), so the start-up of Swift and Foundation counts too.
    private static func sinceProcessStart() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state); starttime is field 22.
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        let started = ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
        let now = Double(nanoseconds(CLOCK_BOOTTIME)) / 1e9
        return (now - started) * 1000
    }
}
