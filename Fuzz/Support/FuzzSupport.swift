import CaseAuditCore
import Foundation

/// Shared by every fuzz target. A broken invariant traps with a message, which libFuzzer records
/// as a crash with the input that caused it.
enum Fuzz {
    static func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> Data {
        Data(bytes: data, count: size)
    }

    /// The text a caller would pass after reading the file as UTF-8, or nil (the callers all
    /// refuse non-UTF-8 files before parsing).
    static func text(_ data: UnsafePointer<UInt8>, _ size: Int) -> String? {
        String(data: bytes(data, size), encoding: .utf8)
    }

    static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("fuzz invariant: \(message())") }
    }

    /// Every diagnostic names the file it was given, says what is wrong, and points inside the file.
    static func checkDiagnostics(_ diagnostics: [Diagnostic], file: String, lines: Int? = nil) {
        for d in diagnostics {
            require(d.file == file, "diagnostic names \(d.file), not \(file): \(d)")
            require(!d.message.isEmpty, "diagnostic with an empty message: \(d)")
            if let line = d.line {
                require(line >= 1, "diagnostic at line \(line): \(d)")
                if let lines { require(line <= lines + 1, "diagnostic at line \(line) of \(lines): \(d)") }
            }
            if let column = d.column { require(column >= 1, "diagnostic at column \(column): \(d)") }
        }
    }

    /// Lines as YAML counts them: LF, CR LF, a lone CR, NEL, LS and PS each end a line.
    static func yamlLineCount(_ text: String) -> Int {
        var lines = 1
        var afterCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r": lines += 1
            case "\n": if !afterCR { lines += 1 }
            case "\u{85}", "\u{2028}", "\u{2029}": lines += 1
            default: break
            }
            afterCR = scalar == "\r"
        }
        return lines
    }

    /// The shipped templates, found from this file's place in the repository (Fuzz/Support/).
    static let shippedTemplates: [AuditTemplate] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let catalog = TemplateCatalog.load(folder: root.appendingPathComponent("AuditTemplates"))
        if catalog.templates.isEmpty { fatalError("no shipped templates under \(root.path)/AuditTemplates") }
        return catalog.templates
    }()
}
