import CaseAuditCore
import Foundation

/// `TemplateParser.parse`: any text gives a template or at least one error, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let yaml = Fuzz.text(data, size) else { return 0 }
    let file = "fuzz.yaml"
    let result = TemplateParser.parse(yaml, file: file)
    Fuzz.require(result.template != nil || result.diagnostics.hasErrors, "no template and no error")
    Fuzz.checkDiagnostics(result.diagnostics, file: file, lines: Fuzz.yamlLineCount(yaml))
    return 0
}
