import Foundation

/// The answer to a checklist question. Stored by `rawValue`.
public enum Answer: String, Codable, CaseIterable, Sendable {
    case yes, partly, no, na

    public var title: String {
        switch self {
        case .yes: return "Yes"
        case .partly: return "Partly"
        case .no: return "No"
        case .na: return "N/A"
        }
    }

    /// `no` and `partly` need an evidence note.
    public var needsNote: Bool { self == .no || self == .partly }
}

/// The cohort of the child whose case file is audited. Stored by `rawValue`.
public enum Cohort: String, Codable, CaseIterable, Sendable {
    case earlyHelp = "EH"
    case childInNeed = "CIN"
    case childProtection = "CP"
    case lookedAfter = "LAC"
    case careLeaver = "CL"

    public var title: String {
        switch self {
        case .earlyHelp: return "Early help"
        case .childInNeed: return "Child in need"
        case .childProtection: return "Child protection"
        case .lookedAfter: return "Looked after child"
        case .careLeaver: return "Care leaver"
        }
    }

    /// Accepts the stored code in any case.
    public static func parse(_ text: String) -> Cohort? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        return Cohort(rawValue: t)
    }
}

/// Section ids shared by every template that covers the theme, so measures work across templates.
public enum SharedSections {
    public static let ids: [String] = [
        "chronology", "front-door", "assessment", "plan", "visits", "voice",
        "core-group", "supervision", "contact", "permanence",
        // Added with templates version 2: the escalation question, looked after reviews,
        // placements, health and education, personal education plans, and care leavers.
        "escalation", "child", "review", "placement", "health-education", "pep", "education", "accommodation",
    ]
    public static func contains(_ id: String) -> Bool { ids.contains(id) }
}
