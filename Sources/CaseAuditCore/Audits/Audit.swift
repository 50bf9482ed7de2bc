import Foundation

/// One audit of one case file, stored as one pretty-printed JSON file with sorted keys
/// (`DATA/audits/<id>.json`). Field names in the file are the `CodingKeys` below. Written with
/// `Encodable`; read by `AuditReader` alone, which gives absent fields the defaults of `init`.
public struct Audit: Encodable, Equatable, Sendable {
    /// Version of this file format; bumped only with a migration.
    public var schema: Int = Audit.currentSchema
    public var id: String
    public var template: TemplateRef
    public var status: AuditStatus
    public var origin: AuditOrigin
    /// The council's case reference; no child's name is ever needed.
    public var caseRef: String
    public var cohort: Cohort?
    public var team: String
    public var auditor: String
    public var worker: String
    public var month: Month?
    public var created: Date
    public var updated: Date
    public var completed: Date?
    /// Results per section id.
    public var sections: [String: SectionRecord]
    public var overall: Judgement
    public var actions: [AuditAction]
    public var feedback: Feedback

    public static let currentSchema = 1

    enum CodingKeys: String, CodingKey {
        case schema, id, template, status, origin
        case caseRef = "case_ref"
        case cohort, team, auditor, worker, month, created, updated, completed
        case sections, overall, actions, feedback
    }

    public init(id: String, template: TemplateRef, status: AuditStatus = .draft, origin: AuditOrigin = .interactive,
                caseRef: String = "", cohort: Cohort? = nil, team: String = "", auditor: String = "",
                worker: String = "", month: Month? = nil, created: Date = Date(), updated: Date? = nil,
                completed: Date? = nil, sections: [String: SectionRecord] = [:], overall: Judgement = Judgement(),
                actions: [AuditAction] = [], feedback: Feedback = Feedback()) {
        self.id = id
        self.template = template
        self.status = status
        self.origin = origin
        self.caseRef = caseRef
        self.cohort = cohort
        self.team = team
        self.auditor = auditor
        self.worker = worker
        self.month = month
        self.created = created
        self.updated = updated ?? created
        self.completed = completed
        self.sections = sections
        self.overall = overall
        self.actions = actions
        self.feedback = feedback
    }

    /// The grade that counts for a section: the moderated grade when moderated, else the auditor's.
    public func effectiveGrade(section id: String) -> Grade? {
        guard let s = sections[id] else { return nil }
        return s.moderation?.grade ?? s.grade
    }

    /// The overall grade that counts: moderated if moderated.
    public var effectiveOverall: Grade? { overall.moderation?.grade ?? overall.grade }

    public var isComplete: Bool { status == .complete }

    /// Gets or creates the record of one section, for editing.
    public mutating func withSection(_ id: String, _ body: (inout SectionRecord) -> Void) {
        var s = sections[id] ?? SectionRecord()
        body(&s)
        sections[id] = s
    }
}

public struct TemplateRef: Encodable, Equatable, Hashable, Sendable {
    public var id: String
    public var version: Int
    public init(id: String, version: Int) {
        self.id = id
        self.version = version
    }
    public var key: String { "\(id)@\(version)" }
}

public enum AuditStatus: String, Codable, Sendable, CaseIterable {
    case draft, complete
}

public enum AuditOrigin: String, Codable, Sendable {
    /// Completed in the program.
    case interactive
    /// Brought in by `caseaudit import` from a spreadsheet.
    case imported
    /// Made up by `caseaudit demo`.
    case demo
}

/// Answers, grade and rationale of one section.
public struct SectionRecord: Encodable, Equatable, Sendable {
    public var answers: [String: Response]
    public var grade: Grade?
    public var rationale: String
    public var moderation: Moderation?

    public init(answers: [String: Response] = [:], grade: Grade? = nil, rationale: String = "",
                moderation: Moderation? = nil) {
        self.answers = answers
        self.grade = grade
        self.rationale = rationale
        self.moderation = moderation
    }

}

/// The response to one question. Which fields are used depends on the question type:
/// `answer` uses `answer` and `note`; `smart` uses `action` and `smart`; the others use `value`
/// (the grade word, option, text, `YYYY-MM-DD` date or number as written).
public struct Response: Encodable, Equatable, Sendable {
    public var answer: Answer?
    public var value: String?
    public var note: String?
    public var action: String?
    public var smart: SmartCheck?

    public init(answer: Answer? = nil, value: String? = nil, note: String? = nil,
                action: String? = nil, smart: SmartCheck? = nil) {
        self.answer = answer
        self.value = value
        self.note = note
        self.action = action
        self.smart = smart
    }

    public var hasNote: Bool { !(note ?? "").isBlank }
}

/// A plan action checked against the five SMART criteria.
public struct SmartCheck: Encodable, Equatable, Sendable {
    public var specific: Bool
    public var measurable: Bool
    public var achievable: Bool
    public var realistic: Bool
    public var timeBound: Bool

    enum CodingKeys: String, CodingKey {
        case specific, measurable, achievable, realistic
        case timeBound = "time_bound"
    }

    public init(specific: Bool = false, measurable: Bool = false, achievable: Bool = false,
                realistic: Bool = false, timeBound: Bool = false) {
        self.specific = specific
        self.measurable = measurable
        self.achievable = achievable
        self.realistic = realistic
        self.timeBound = timeBound
    }

    public var metCount: Int { [specific, measurable, achievable, realistic, timeBound].filter { $0 }.count }
    public var isSmart: Bool { metCount == 5 }

    /// Phrases inspectors criticised as vague timescales: the one list in `VagueWording`.
    public static var vaguePhrases: [String] { VagueWording.phrases }

    /// The criticised phrases found in an action's text (case-insensitive, whole words).
    public static func vaguePhrases(in action: String) -> [String] {
        VagueWording.phrases(in: action)
    }
}

/// A grade with the auditor's rationale ("an analysis of why you have made this judgement").
public struct Judgement: Encodable, Equatable, Sendable {
    public var grade: Grade?
    public var rationale: String
    public var moderation: Moderation?

    public init(grade: Grade? = nil, rationale: String = "", moderation: Moderation? = nil) {
        self.grade = grade
        self.rationale = rationale
        self.moderation = moderation
    }

}

/// A QA lead's moderated grade, which replaces the auditor's in every measure.
public struct Moderation: Encodable, Equatable, Sendable {
    public var grade: Grade
    public var by: String
    public var at: Date
    public var rationale: String

    public init(grade: Grade, by: String, at: Date, rationale: String = "") {
        self.grade = grade
        self.by = by
        self.at = at
        self.rationale = rationale
    }
}

/// An action arising from the audit: what, who, by when.
public struct AuditAction: Encodable, Equatable, Sendable {
    public var what: String
    public var who: String
    /// `YYYY-MM-DD`
    public var by: String
    /// True once the action is done. A carried-over action closed as not done or no longer needed
    /// keeps `done` false and records that in `outcome`.
    public var done: Bool
    /// `YYYY-MM-DD` the action was marked done; nil when not recorded (older files, or not done).
    public var doneOn: String?
    /// For an action carried over from an earlier audit: how it ended. Nil for a new action.
    public var outcome: ActionOutcome?
    /// For a carried-over action: the id of the audit it came from.
    public var carriedFrom: String?

    enum CodingKeys: String, CodingKey {
        case what, who, by, done
        case doneOn = "done_on"
        case outcome
        case carriedFrom = "carried_from"
    }

    public init(what: String, who: String, by: String, done: Bool = false, doneOn: String? = nil,
                outcome: ActionOutcome? = nil, carriedFrom: String? = nil) {
        self.what = what
        self.who = who
        self.by = by
        self.done = done
        self.doneOn = doneOn
        self.outcome = outcome
        self.carriedFrom = carriedFrom
    }

    /// Overdue: not done, not closed with an outcome, and due strictly before `today` (both
    /// `YYYY-MM-DD`, so text order is date order). An action due today is not overdue; one
    /// without a valid due date never is.
    public func isOverdue(today: String) -> Bool {
        !done && outcome == nil && ResponseRules.isValidDate(by) && by < today
    }
}

/// How a carried-over action ended, recorded in both the earlier and the new audit.
public enum ActionOutcome: String, Codable, Sendable, CaseIterable {
    case done
    case notDone = "not-done"
    case noLongerNeeded = "no-longer-needed"
}

/// Feedback from the worker and from the family on the audit, the auditor's feedback to the
/// worker, and the worker's reply to it (the right of reply).
public struct Feedback: Encodable, Equatable, Sendable {
    public var worker: String
    public var family: String
    /// What the auditor told the worker about the audit.
    public var toWorker: String
    /// The worker's response to that feedback; nil until given.
    public var reply: WorkerReply?

    enum CodingKeys: String, CodingKey {
        case worker, family
        case toWorker = "to_worker"
        case reply
    }

    public init(worker: String = "", family: String = "", toWorker: String = "", reply: WorkerReply? = nil) {
        self.worker = worker
        self.family = family
        self.toWorker = toWorker
        self.reply = reply
    }

    // The new fields are written only when given, so an older audit saved again unchanged keeps
    // its bytes and its history shows no change it did not have.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(worker, forKey: .worker)
        try c.encode(family, forKey: .family)
        if !toWorker.isEmpty { try c.encode(toWorker, forKey: .toWorker) }
        try c.encodeIfPresent(reply, forKey: .reply)
    }
}

/// The worker's response to the auditor's feedback: agree, partly or disagree, why, and when.
public struct WorkerReply: Encodable, Equatable, Sendable {
    public enum Agreement: String, Codable, Sendable, CaseIterable {
        case agree, partly, disagree
        public var title: String {
            switch self {
            case .agree: return "Agrees"
            case .partly: return "Partly agrees"
            case .disagree: return "Disagrees"
            }
        }
    }
    public var agreement: Agreement
    public var text: String
    /// `YYYY-MM-DD`
    public var date: String

    public init(agreement: Agreement, text: String = "", date: String = "") {
        self.agreement = agreement
        self.text = text
        self.date = date
    }

}
