import Foundation

/// A remembered moderation sample: the audits `caseaudit sample --moderation` picked for one month,
/// kept as `DATA/samples/moderation-YYYY-MM.csv` so the dashboard can count what still awaits
/// moderation. One file per month; a new sample for the same month replaces the old file
/// atomically (a reader sees the old sample or the new one, never a mix).
///
/// File format (CSV, header row, LF line ends, formula-safe cells):
/// `audit_id,month,template,case_ref,team,auditor,overall,reason`
/// where `reason` is `random`, `inadequate` or `outstanding`. Only `audit_id` is read back; the
/// other columns are there for the person who opens the file.
public struct ModerationSample: Equatable, Sendable {
    public enum Reason: String, Sendable, CaseIterable {
        /// Picked by the seeded draw of P% of the month's completed audits.
        case random
        /// Always included: graded inadequate overall.
        case inadequate
        /// Always included: graded outstanding overall.
        case outstanding
    }

    public struct Entry: Equatable, Sendable {
        public var auditID: String
        public var reason: Reason
        public init(auditID: String, reason: Reason) {
            self.auditID = auditID
            self.reason = reason
        }
    }

    public var month: Month
    public var entries: [Entry]

    public init(month: Month, entries: [Entry]) {
        self.month = month
        self.entries = entries
    }

    public static let header = ["audit_id", "month", "template", "case_ref", "team", "auditor", "overall", "reason"]

    public static func folder(_ directory: DataDirectory) -> URL {
        directory.root.appendingPathComponent("samples")
    }

    public static func file(month: Month, directory: DataDirectory) -> URL {
        folder(directory).appendingPathComponent("moderation-\(month).csv")
    }

    /// The CSV text of this sample; `audits` supplies the descriptive columns (an id not found
    /// there still gets its row with those columns empty).
    public func csv(audits: [String: Audit], raw: Bool = false) -> String {
        var w = CSVWriter(raw: raw)
        w.row(Self.header)
        for e in entries {
            let a = audits[e.auditID]
            w.row([e.auditID, month.description, a?.template.key ?? "", a?.caseRef ?? "", a?.team ?? "",
                   a?.auditor ?? "", a?.effectiveOverall?.rawValue ?? "", e.reason.rawValue])
        }
        return w.text
    }

    /// Writes the sample into the data folder, replacing any earlier sample for the month.
    public func save(to directory: DataDirectory, audits: [String: Audit]) throws {
        let dir = Self.folder(directory)
        try DataDirectory.refuseLink(dir)
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw CaseAuditError(.cannotCreate, file: dir.path, "cannot create the folder: \(error.localizedDescription)",
                                 remedy: "check the data folder's permissions")
        }
        try AtomicFile.write(Data(csv(audits: audits).utf8), to: Self.file(month: month, directory: directory))
    }

    /// The audit ids of every remembered sample, each once, in month order then file order.
    /// Missing folder: none. A file that cannot be read or parsed is skipped, since a damaged
    /// sample must not stop the dashboard; `caseaudit sample --moderation` rewrites it.
    public static func sampledIDs(in directory: DataDirectory) -> [String] {
        let dir = folder(directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        var seen = Set<String>()
        var ids: [String] = []
        for name in names.sorted() where name.hasPrefix("moderation-") && name.hasSuffix(".csv") {
            guard let data = try? AtomicFile.readOwnFile(dir.appendingPathComponent(name)),
                  let table = try? CSVTable.parse(data, file: name),
                  let col = table.header.firstIndex(where: { $0.lowercased() == "audit_id" }) else { continue }
            for row in table.rows where col < row.fields.count {
                let id = row.fields[col]
                if !id.isEmpty, seen.insert(id).inserted { ids.append(id) }
            }
        }
        return ids
    }

    /// True once the audit's overall grade is moderated: moderation is complete only with the
    /// overall grade, so an audit with only some sections moderated still awaits it.
    public static func isModerated(_ audit: Audit) -> Bool { audit.overall.moderation != nil }

    /// The sampled audits that still await moderation: in a remembered sample, present in `audits`
    /// and not yet moderated overall. Sampled ids no longer in the data (deleted) are left out.
    public static func awaitingModeration(in directory: DataDirectory, audits: [String: Audit]) -> [String] {
        sampledIDs(in: directory).filter { id in audits[id].map { !isModerated($0) } ?? false }
    }

    /// The same for callers that hold the audits as a list.
    public static func awaitingModeration(in directory: DataDirectory, audits: [Audit]) -> [String] {
        awaitingModeration(in: directory, audits: Dictionary(audits.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
    }
}
