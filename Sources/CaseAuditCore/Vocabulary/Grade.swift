import Foundation

/// Ofsted's four-point scale, plus `na` for a section that does not apply.
/// Stored in audit files by `rawValue`.
public enum Grade: String, Codable, CaseIterable, Sendable, Comparable {
    case outstanding
    case good
    case requiresImprovement = "requires-improvement"
    case inadequate
    case na

    /// The four real grades, best first (excludes `na`).
    public static let scale: [Grade] = [.outstanding, .good, .requiresImprovement, .inadequate]

    public var title: String {
        switch self {
        case .outstanding: return "Outstanding"
        case .good: return "Good"
        case .requiresImprovement: return "Requires improvement"
        case .inadequate: return "Inadequate"
        case .na: return "N/A"
        }
    }

    /// Short label for narrow tables.
    public var short: String {
        switch self {
        case .outstanding: return "O"
        case .good: return "G"
        case .requiresImprovement: return "RI"
        case .inadequate: return "I"
        case .na: return "N/A"
        }
    }

    /// 4 = outstanding ... 1 = inadequate; `na` has no rank.
    public var rank: Int? {
        switch self {
        case .outstanding: return 4
        case .good: return 3
        case .requiresImprovement: return 2
        case .inadequate: return 1
        case .na: return nil
        }
    }

    public var isGoodOrBetter: Bool { self == .outstanding || self == .good }

    /// Orders worse grades first, `na` last.
    public static func < (a: Grade, b: Grade) -> Bool { (a.rank ?? 99) < (b.rank ?? 99) }

    /// Parses the grade words people type in spreadsheets (case-insensitive):
    /// Outstanding, Good, Requires improvement [to be good], RI, Inadequate, N/A, NA, and the stored words.
    /// Blank gives `nil` (not graded); an unknown word throws.
    public static func parseLenient(_ text: String) -> ParsedGrade {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        let words = t.split(whereSeparator: { $0 == " " }).joined(separator: " ")
        switch words {
        case "": return .blank
        case "outstanding": return .grade(.outstanding)
        case "good": return .grade(.good)
        case "requires improvement", "requires improvement to be good", "ri": return .grade(.requiresImprovement)
        case "inadequate": return .grade(.inadequate)
        case "n/a", "na": return .grade(.na)
        default: return .invalid
        }
    }

    public enum ParsedGrade: Equatable, Sendable {
        case grade(Grade)
        case blank
        case invalid
    }

    public static let allowedWordsDescription =
        "Outstanding, Good, Requires improvement, Requires improvement to be good, RI, Inadequate, N/A, NA or blank"
}

