import CaseAuditCore
import Foundation

/// Times the interface without a terminal (product.md section 8: opens in under 0.5 s, a key in
/// under 16 ms): building the app (loading the audit facts) and drawing the first screen, then a
/// script of keys, each drawn at 80x24. `Scripts/bench-interface.sh` runs it on 100,000 audits.
public enum InterfaceBenchmark {
    public struct Result: Sendable {
        public var open: TimeInterval
        /// Of `open`, the time `AuditIndex` took to list and read (or take from its cache) the audits.
        public var load: TimeInterval
        /// Counted from the first screen (negative: before it): when the list's month order and its
        /// whole index (built on another thread from the time the rows load) were ready. Keys are
        /// pressed at once, as in tmux, so a key that needs them waits.
        public var monthOrderReady: TimeInterval
        public var listReady: TimeInterval
        public var talliesReady: TimeInterval
        /// The leftovers sweep, run here in line after the keys (the interface runs it on the
        /// save queue once the first screen is shown).
        public var sweep: TimeInterval
        public var settled: Bool
        public var keys: [(name: String, seconds: TimeInterval)]
        public var audits: Int
    }

    static let script: [(String, KeyEvent)] = {
        var keys: [(String, KeyEvent)] = [("l (first audits list, sorts)", .character("l"))]
        for i in 0..<50 { keys.append(("j \(i + 1)", .character("j"))) }
        keys += [("PgDn", .pageDown), ("G (last)", .character("G")), ("g (first)", .character("g")),
                 ("s (sort by team)", .character("s")), ("s (template)", .character("s")),
                 ("s (status)", .character("s")), ("s (overall)", .character("s")),
                 ("s (case ref)", .character("s")), ("s (month, cached)", .character("s")), ("/", .character("/"))]
        for ch in "status:draft" { keys.append(("type \(ch)", .character(ch))) }
        keys += [("Enter (apply filter)", .enter), ("Enter (open audit)", .enter)]
        for i in 0..<5 { keys.append(("j in editor \(i + 1)", .character("j"))) }
        keys += [("y (answer; save not timed)", .character("y")), ("Esc (back to list)", .escape),
                 ("Esc (dashboard)", .escape), ("← (previous month)", .left), ("t (quarters)", .character("t")),
                 ("r (reports)", .character("r")), ("j in reports", .character("j")),
                 ("b (by quarter)", .character("b")), ("b (by year)", .character("b")), ("b (by team)", .character("b")),
                 ("d (grade distributions)", .character("d")), ("b (by auditor)", .character("b")), ("Esc", .escape)]
        return keys
    }()

    /// Audits are not written: the benchmark may be pointed at real data. (A save is an fsync'd
    /// write plus a history entry; its time is the disk's, not the interface's.)
    /// `settle`: the keys start once the list's index is ready (a person reading the first
    /// screen); otherwise at once, as `Scripts/bench.sh` drives tmux, and keys that need the index
    /// wait for what is left of it.
    public static func run(environment: AppEnvironment, settle: Bool = false) -> Result {
        var environment = environment
        environment.saveAudit = { _, _ in }
        let loadStart = Date()
        // Handed over once and not kept, as in the real app: a second reference to the rows would
        // make the first save copy all 100,000 of them.
        let box = OnceBox(environment.loadRows())
        let load = Date().timeIntervalSince(loadStart)
        environment.loadRows = { box.take() ?? ([], []) }
        let start = Date()
        let app = CaseAuditApp(environment: environment)
        var grid = CellGrid(width: 80, height: 24)
        app.draw(into: &grid)
        let open = Date().timeIntervalSince(start) + load
        let presented = Date()
        let readiness = app.state.list.prepared?.times
        if settle { _ = readiness?.all() }
        var keys: [(String, TimeInterval)] = []
        for (name, key) in script {
            let t = Date()
            _ = app.handle(key)
            var g = CellGrid(width: 80, height: 24)
            app.draw(into: &g)
            keys.append((name, Date().timeIntervalSince(t)))
        }
        let ready = readiness?.all()
        let sweepStart = Date()
        app.screenPresented()
        let sweep = Date().timeIntervalSince(sweepStart)
        // Leave no lock behind.
        _ = app.handle(.character("q"))
        app.releaseAllLocks()
        return Result(open: open, load: load,
                      monthOrderReady: ready.map { $0.firstOrder.timeIntervalSince(presented) } ?? 0,
                      listReady: ready.map { $0.index.timeIntervalSince(presented) } ?? 0,
                      talliesReady: ready.map { $0.tallies.timeIntervalSince(presented) } ?? 0,
                      sweep: sweep, settled: settle, keys: keys,
                      audits: app.state.rows.count)
    }

    public static func report(_ r: Result) -> String {
        let sorted = r.keys.map(\.seconds).sorted()
        let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        let worst = r.keys.max { $0.seconds < $1.seconds }
        var lines = [
            String(format: "interface: %d audits, open %.3f s, of which loading the audit facts %.3f s (target < 0.5 s)",
                   r.audits, r.open, r.load),
            String(format: "from the first screen (other threads): list by month ready at %+.3f s, whole list index at %+.3f s, reports' counts at %+.3f s; leftovers sweep %.3f s (off the open path)",
                   r.monthOrderReady, r.listReady, r.talliesReady, r.sweep),
            String(format: "keys (%@): %d, median %.2f ms, worst %.2f ms (%@) (target < 16 ms)",
                   r.settled ? "from when the list index was ready" : "from the first screen, at once", r.keys.count,
                   median * 1000, (worst?.seconds ?? 0) * 1000, worst?.name ?? "-"),
        ]
        for (name, s) in r.keys where s > 0.016 {
            lines.append(String(format: "  over 16 ms: %@ %.1f ms", name, s * 1000))
        }
        let slowest = r.keys.sorted { $0.seconds > $1.seconds }.prefix(6)
        lines.append("  slowest: " + slowest.map { String(format: "%@ %.1f ms", $0.name, $0.seconds * 1000) }
            .joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}

private final class OnceBox: @unchecked Sendable {
    private var value: (rows: [AuditFacts], problems: [Diagnostic])?
    init(_ value: (rows: [AuditFacts], problems: [Diagnostic])) { self.value = value }
    func take() -> (rows: [AuditFacts], problems: [Diagnostic])? {
        defer { value = nil }
        return value
    }
}
