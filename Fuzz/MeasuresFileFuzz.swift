import CaseAuditCore
import Foundation

/// `MeasuresFile.parse`: any text gives measures that obey the file's rules, or diagnostics.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let yaml = Fuzz.text(data, size) else { return 0 }
    let file = "measures.yaml"
    let (measures, diagnostics) = MeasuresFile.parse(yaml, file: file)
    Fuzz.checkDiagnostics(diagnostics, file: file, lines: Fuzz.yamlLineCount(yaml))
    var ids = Set<String>()
    for m in measures {
        Fuzz.require(ids.insert(m.id).inserted, "duplicate measure id \(m.id) accepted")
        Fuzz.require(AuditStore.isValidID(m.id), "measure id \(m.id) accepted")
        if let b = m.baseline, let t = m.target { Fuzz.require(b <= t, "baseline \(b) above target \(t) accepted") }
    }
    return 0
}
