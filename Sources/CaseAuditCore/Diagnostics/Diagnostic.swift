/// One problem found in an input file: where it is, what is wrong and what to do about it.
///
/// Every error the program reports to a person is one of these, so messages always carry
/// the file, the line and column when known, and a remedy.
public struct Diagnostic: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case warning, error
        public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
    }

    public var severity: Severity
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String
    public var remedy: String?

    public init(_ severity: Severity = .error, file: String, line: Int? = nil, column: Int? = nil,
                message: String, remedy: String? = nil) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.remedy = remedy
    }

    public static func error(_ file: String, line: Int? = nil, column: Int? = nil,
                             _ message: String, remedy: String? = nil) -> Diagnostic {
        Diagnostic(.error, file: file, line: line, column: column, message: message, remedy: remedy)
    }

    public static func warning(_ file: String, line: Int? = nil, column: Int? = nil,
                               _ message: String, remedy: String? = nil) -> Diagnostic {
        Diagnostic(.warning, file: file, line: line, column: column, message: message, remedy: remedy)
    }

    /// `file:line:column: error: message (remedy)`, the shape compilers use so editors can jump to it.
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let line, line > 0, let column { place += ":\(column)" }
        var text = "\(place): \(severity.rawValue): \(message)"
        if let remedy, !remedy.isEmpty { text += " (\(remedy))" }
        return text
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
    public var errors: [Diagnostic] { filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { filter { $0.severity == .warning } }
}
