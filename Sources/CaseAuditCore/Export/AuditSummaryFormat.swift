import Foundation

/// The one table of summary formats and file extensions, shared by `caseaudit summary` and the
/// interface's `S`, so that `text`/`markdown`/`html` and `.txt`/`.md`/`.html` always agree.
extension AuditSummary.Format {
    /// The extension a file of this format is given.
    public var fileExtension: String {
        switch self {
        case .text: return "txt"
        case .markdown: return "md"
        case .html: return "html"
        }
    }

    /// The format a file name's extension names (`.txt`, `.md`/`.markdown`, `.html`/`.htm`,
    /// case ignored), or nil.
    public init?(path: String) {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "txt": self = .text
        case "md", "markdown": self = .markdown
        case "html", "htm": self = .html
        default: return nil
        }
    }
}
