import Dispatch
import Foundation

/// Catches SIGINT, SIGTERM and SIGHUP without running anything inside a C signal handler:
/// the signals are ignored at the C level and delivered by libdispatch to a queue, which only
/// records them; the run loop polls `pending` between keys and does the saving itself.
///
/// One per process: libdispatch installs its delivery for a signal once and cannot take it back,
/// so the sources are made on first use and live for the life of the process. While no run loop
/// is active, a signal does what it would by default (the process ends).
public final class SignalWatcher: @unchecked Sendable {
    public static let shared = SignalWatcher()
    public static let watched: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private let lock = NSLock()
    private let queue = DispatchQueue(label: "caseaudit.signals")
    private var sources: [DispatchSourceSignal] = []
    private var activations = 0
    private var received: Int32?

    private init() {}

    /// The first signal received since `activate()`, if any.
    public var pending: Int32? {
        lock.lock(); defer { lock.unlock() }
        return received
    }

    /// Starts watching (for one run loop); clears anything seen before.
    public func activate() {
        lock.lock(); defer { lock.unlock() }
        if sources.isEmpty {
            for signo in Self.watched {
                signal(signo, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signo, queue: queue)
                source.setEventHandler { [unowned self] in self.deliver(signo) }
                source.resume()
                sources.append(source)
            }
        }
        activations += 1
        received = nil
    }

    public func deactivate() {
        lock.lock(); defer { lock.unlock() }
        activations = max(0, activations - 1)
        if activations == 0 { received = nil }
    }

    private func deliver(_ signo: Int32) {
        lock.lock()
        if activations > 0 {
            if received == nil { received = signo }
            lock.unlock()
            return
        }
        lock.unlock()
        // Nobody is watching: behave as if we had never caught it.
        signal(signo, SIG_DFL)
        raise(signo)
    }
}
