/// Exit statuses from product.md section 5 (the BSD sysexits values).
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// Wrong usage: an unknown option, a missing argument, a bad value.
    case usage = 64
    /// Invalid input data: a template, audit file, CSV or measures file.
    case dataError = 65
    /// An input file that does not exist.
    case noInput = 66
    /// An output that cannot be created.
    case cannotCreate = 73
    /// Any other I/O error.
    case ioError = 74
}

/// An error with a place, a remedy and the exit status it maps to.
public struct CaseAuditError: Error, Sendable, CustomStringConvertible {
    public var status: ExitStatus
    public var diagnostic: Diagnostic
    public init(_ status: ExitStatus, _ diagnostic: Diagnostic) {
        self.status = status
        self.diagnostic = diagnostic
    }
    public init(_ status: ExitStatus, file: String, line: Int? = nil, _ message: String, remedy: String? = nil) {
        self.status = status
        self.diagnostic = .error(file, line: line, message, remedy: remedy)
    }
    public var description: String { diagnostic.description }
}
