@testable import CaseAuditCore
import Foundation

/// The index's hand-written JSON reader (`AuditScanner`, internal, so the library is built with
/// -enable-testing) reads raw pointers: any bytes must give a result without reading out of
/// bounds. When `AuditCoding.decode` reads the same bytes as an audit, the scanner must read it
/// too and see the same values, and the other way round, or the index would answer differently
/// from the audit files.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    let file = "audits/fuzz.json"
    let decoded = try? AuditCoding.decode(bytes, file: file)
    // The seeds' id, so that files the store rejects still reach the scanner's later checks.
    let expectedID = decoded?.id ?? "2024-05-fuzz0001"
    // An exact-size heap copy, so AddressSanitizer catches a read one byte past the end.
    let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 1)
    defer { copy.deallocate() }
    if size > 0 { copy.copyMemory(from: UnsafeRawBufferPointer(start: data, count: size)) }
    let scanned = AuditScanner.scan(UnsafeRawBufferPointer(copy), file: file, expectedID: expectedID)
    switch scanned {
    case .failure(let d):
        Fuzz.checkDiagnostics([d], file: file)
        if let decoded {
            Fuzz.require(false, "the store reads audit \(decoded.id) but the index rejects it: \(d)")
        }
    case .success(let s):
        guard let a = decoded else {
            Fuzz.require(false, "the index reads audit \(s.id) but the store rejects it: \(decodeError(bytes, file))")
            return 0
        }
        Fuzz.require(s.id == a.id && s.template == a.template && s.status == a.status && s.origin == a.origin,
                     "index and store disagree on id, template, status or origin")
        Fuzz.require(s.cohort == a.cohort && s.month == a.month, "index and store disagree on cohort or month")
        Fuzz.require(s.caseRef == a.caseRef && s.team == a.team && s.auditor == a.auditor && s.worker == a.worker,
                     "index and store disagree on case_ref, team, auditor or worker")
        Fuzz.require(s.overall == a.effectiveOverall, "index and store disagree on the overall grade")
        let storeGrades = Dictionary(uniqueKeysWithValues: a.sections.keys.compactMap { id in
            a.effectiveGrade(section: id).map { (id, $0) }
        })
        let indexGrades = Dictionary(s.grades.map { ($0.section, $0.grade) }, uniquingKeysWith: { _, last in last })
        Fuzz.require(storeGrades == indexGrades, "index grades \(indexGrades) but store grades \(storeGrades)")
    }
    return 0
}

private func decodeError(_ bytes: Data, _ file: String) -> String {
    do { _ = try AuditCoding.decode(bytes, file: file); return "" } catch { return "\(error)" }
}
