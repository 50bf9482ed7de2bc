/// A terminal whose wait for input can be cut short, so the run loop can act on a signal
/// within a tenth of a second instead of after the next key press.
public protocol InterruptibleTerminal: Terminal {
    /// Like `nextEvent()`, but gives up and returns nil soon after `interrupted()` becomes true.
    /// Implementations poll `interrupted` at least every 100 ms while waiting.
    func nextEvent(until interrupted: () -> Bool) -> KeyEvent?
}
