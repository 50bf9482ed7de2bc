import Dispatch
import Foundation

/// Phase timings on standard error when `CASEAUDIT_TIMING=1`, for Scripts/bench.sh and
/// docs/performance.md. `CASEAUDIT_TIMING=serial` also runs work that normally overlaps the
/// listing of the audits folder (reading the index cache) before it, so each is timed alone:
/// what a warm run costs when the listing is skipped.
public struct PhaseClock: Sendable {
    public let enabled: Bool
    let serial: Bool
    var last = DispatchTime.now().uptimeNanoseconds
    /// CPU time of the whole process (every thread): on a shared machine it varies far less than
    /// the wall clock, and in `serial` mode nothing else runs during a phase.
    var lastCPU = PhaseClock.processCPU()
    /// Laps kept to be printed later by another clock: a thread's own laps, printed in order.
    var recorded: [(String, UInt64, UInt64)] = []

    public init() {
        let setting = ProcessInfo.processInfo.environment["CASEAUDIT_TIMING"]
        enabled = setting == "1" || setting == "serial"
        serial = setting == "serial"
    }

    public mutating func lap(_ what: @autoclosure () -> String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds, cpu = Self.processCPU()
        Self.print(what(), now - last, cpu: cpu - lastCPU)
        (last, lastCPU) = (now, cpu)
    }

    static func processCPU() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    mutating func restart() { (last, lastCPU) = (DispatchTime.now().uptimeNanoseconds, Self.processCPU()) }

    /// As `lap`, kept for `report` instead of printed.
    mutating func record(_ what: @autoclosure () -> String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds, cpu = Self.processCPU()
        recorded.append((what(), now - last, cpu - lastCPU))
        (last, lastCPU) = (now, cpu)
    }

    func report(_ other: PhaseClock) {
        for (what, ns, cpu) in other.recorded { Self.print(what, ns, cpu: cpu) }
    }

    /// "since process start" lap: the kernel's start time (field 22 of /proc/self/stat, in
    /// clock ticks, so 10 ms steps) to now, so the start-up of Swift and Foundation counts.
    public func sinceProcessStart(_ what: String) {
        guard enabled, let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return }
        var ts = timespec()
        clock_gettime(CLOCK_BOOTTIME, &ts)
        let now = Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
        Self.print("\(what) (10 ms steps)", UInt64(max(0, now - ticks / Double(sysconf(Int32(_SC_CLK_TCK)))) * 1e9))
    }

    private static func print(_ what: String, _ ns: UInt64, cpu: UInt64? = nil) {
        let ms = Double(ns) / 1e6
        let cpuText = cpu.map { " (process CPU \(ReportNumber.oneDecimal(Double($0) / 1e6)) ms)" } ?? ""
        FileHandle.standardError.write(Data("timing: \(what): \(ReportNumber.oneDecimal(ms)) ms\(cpuText)\n".utf8))
    }
}
