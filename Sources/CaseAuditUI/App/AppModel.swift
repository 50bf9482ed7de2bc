/// What the run loop needs of the application: draw the state, take a key, save on a signal.
/// The run loop (`AppLoop`) owns the terminal; the application owns state, reducer and effects.
public protocol AppModel: AnyObject {
    /// Draws the whole screen from state (never from what is on the terminal).
    func draw(into grid: inout CellGrid)
    /// Handles one key or event. Returns false when the program should quit.
    func handle(_ event: KeyEvent) -> Bool
    /// Saves any open draft at once (called on SIGINT, SIGTERM, SIGHUP and before quitting).
    func emergencySave()
    /// After `emergencySave`: one line saying what is not on disk, or nil when everything is.
    /// The run loop then ends with `.notSaved` (exit status 74).
    func unsavedWarning() -> String?
    /// True when something happened off the key path (a save finished) that the screen must show
    /// without waiting for a key.
    var needsRedraw: Bool { get }
    /// Called after each screen reaches the terminal; the first call may start work that the
    /// first screen did not need.
    func screenPresented()
}

extension AppModel {
    public func screenPresented() {}
    public func unsavedWarning() -> String? { nil }
    public var needsRedraw: Bool { false }
}
