/// A terminal whose wait for input can be cut short, so the run loop can act on a signal
/// (or draw the loaded audits) within a few hundredths of a second instead of after the next key press.
public protocol InterruptibleTerminal: Terminal {
    /// Like `nextEvent()`, but gives up and returns nil soon after `interrupted()` becomes true.
    /// Implementations poll `interrupted` at least every 100 ms while waiting (ncurses: every 20 ms).
    func nextEvent(until interrupted: () -> Bool) -> KeyEvent?
}
