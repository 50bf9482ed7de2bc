import Foundation

/// `caseaudit templates check FILE...` without the printing: every problem of every file, the
/// summary line and the exit status, so the status rules are tested here.
public enum TemplateCheck {
    public struct Report: Sendable {
        /// Files read (missing ones are not counted).
        public var files: Int
        /// Every problem, file by file in the order given, each file's in line order.
        public var diagnostics: [Diagnostic]
        /// 66 when a file does not exist, else 65 when any error, else 0.
        public var status: ExitStatus

        /// `3 files checked: 2 errors, 1 warning`
        public var summary: String {
            func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
            return "\(count(files, "file")) checked: \(count(diagnostics.errors.count, "error")), "
                + count(diagnostics.warnings.count, "warning")
        }
    }

    /// A folder stands for its top-level `*.yaml` files, as the catalog reads them.
    public static func run(paths: [String]) -> Report {
        var files = 0
        var missing = false
        var diagnostics: [Diagnostic] = []
        for path in paths {
            for file in expand(path) {
                guard FileManager.default.fileExists(atPath: file) else {
                    missing = true
                    diagnostics.append(.error(file, "the file does not exist",
                                              remedy: "check the name; shipped templates are in AuditTemplates/"))
                    continue
                }
                files += 1
                diagnostics += TemplateParser.parse(contentsOf: URL(fileURLWithPath: file), file: file).diagnostics
            }
        }
        let status: ExitStatus = missing ? .noInput : diagnostics.hasErrors ? .dataError : .success
        return Report(files: files, diagnostics: diagnostics, status: status)
    }

    private static func expand(_ path: String) -> [String] {
        guard TemplateLocator.isFolder(URL(fileURLWithPath: path)) else { return [path] }
        let folder = path.hasSuffix("/") ? path : path + "/"
        return TemplateCatalog.yamlFiles(in: URL(fileURLWithPath: path)).map { folder + $0.lastPathComponent }
    }
}
