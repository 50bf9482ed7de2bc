import CaseAuditCore
import Foundation

/// The one place the interface touches the store. Each function is a seam for another team's API:
/// `loadRows` -> `AuditIndex.load` (Reports), `save` -> `AuditRepository.save` (Reliability),
/// the locks -> `AuditLock` (Reliability).
enum StoreBridge {
    @Sendable static func loadRows(_ directory: DataDirectory) -> (rows: [AuditRow], problems: [Diagnostic]) {
        let result = AuditStore(directory: directory).loadAll()
        return (result.audits.map(AuditRow.init(audit:)), result.problems)
    }

    @Sendable static func loadAudit(_ directory: DataDirectory, _ id: String) throws -> Audit {
        try AuditStore(directory: directory).load(id)
    }

    @Sendable static func save(_ directory: DataDirectory, _ audit: Audit, _ user: String, _ reason: String?) throws {
        try AuditStore(directory: directory).save(audit)
    }

    @Sendable static func acquireLock(_ directory: DataDirectory, _ id: String, _ user: String) -> LockHolder? { nil }

    @Sendable static func releaseLock(_ directory: DataDirectory, _ id: String) {}
}
