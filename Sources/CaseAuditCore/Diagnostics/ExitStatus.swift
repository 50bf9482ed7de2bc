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

/// The one error type: the exit status and the diagnostics that explain it (file, line, remedy).
/// One error from deep in a command is printed after "caseaudit: "; a list of problems found
/// together (an import, a moderation file) is printed one per line as it is.
public struct CaseAuditError: Error, Sendable, CustomStringConvertible {
    public var status: ExitStatus
    public var diagnostics: [Diagnostic]
    /// Made from a list of problems rather than one error.
    public var isList: Bool

    public init(_ status: ExitStatus, _ diagnostic: Diagnostic) {
        self.status = status
        self.diagnostics = [diagnostic]
        self.isList = false
    }

    public init(_ status: ExitStatus, file: String, line: Int? = nil, _ message: String, remedy: String? = nil) {
        self.init(status, .error(file, line: line, message, remedy: remedy))
    }

    public init(_ diagnostics: [Diagnostic], status: ExitStatus = .dataError) {
        self.status = status
        self.diagnostics = diagnostics
        self.isList = true
    }

    /// The error in one diagnostic: a list's messages joined, for a one-line status.
    public var diagnostic: Diagnostic {
        if !isList, let only = diagnostics.first { return only }
        return Diagnostic(.error, file: diagnostics.first?.file ?? "", message: diagnostics.map(\.message).joined(separator: "; "))
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// The former name of a list of problems, kept so callers read as before: the same type.
public typealias DiagnosticsError = CaseAuditError
