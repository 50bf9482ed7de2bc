import CaseAuditCore
import Foundation

/// `AuditCoding.decode` then `AuditChecker.check`: any bytes give an audit or a diagnostic; an
/// audit that decodes is checked without a crash and survives being saved and read back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    let file = "audits/fuzz.json"
    let audit: Audit
    do {
        audit = try AuditCoding.decode(bytes, file: file)
    } catch let d as Diagnostic {
        Fuzz.checkDiagnostics([d], file: file)
        return 0
    } catch {
        fatalError("decode threw \(type(of: error)), not a Diagnostic: \(error)")
    }
    let template = Fuzz.shippedTemplates.first { $0.id == audit.template.id && $0.version == audit.template.version }
        ?? Fuzz.shippedTemplates.first { $0.id == audit.template.id }
    Fuzz.checkDiagnostics(AuditChecker.check(audit, template: template, file: file, source: bytes), file: file)
    Fuzz.checkDiagnostics(AuditChecker.check(audit, template: nil, file: file, source: bytes), file: file)
    do {
        let again = try AuditCoding.decode(try AuditCoding.encode(audit), file: file)
        Fuzz.require(again == audit, "the audit changed when saved and read back")
    } catch {
        fatalError("an audit that decoded cannot be saved and read back: \(error)")
    }
    return 0
}
