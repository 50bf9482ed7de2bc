import Foundation

extension AuditStore {
    /// One audit file read on its own, its failure as a diagnostic: for passes over every file
    /// that must not hold all the audits at once (export, validate).
    public func loadResult(url: URL) -> Result<Audit, Diagnostic> {
        do {
            return .success(try load(url: url))
        } catch let d as Diagnostic {
            return .failure(d)
        } catch let e as CaseAuditError {
            return .failure(e.diagnostic)
        } catch {
            return .failure(.error(url.path, "\(error)"))
        }
    }
}
