import CaseAuditCore
import Foundation

/// The import's parse-and-validate step: `CSVTable.parse` then `AuditImporter.plan`, which checks
/// every row against the shipped templates and touches nothing on disk (its data directory is an
/// empty folder that is never created).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = "fuzz.csv"
    let table: CSVTable
    do {
        table = try CSVTable.parse(Fuzz.bytes(data, size), file: file)
    } catch let e as CaseAuditError {
        Fuzz.require(e.status == .dataError, "CSV parse exit status \(e.status)")
        Fuzz.checkDiagnostics([e.diagnostic], file: file)
        return 0
    } catch {
        fatalError("CSVTable.parse threw \(type(of: error)): \(error)")
    }
    var last = 1
    for row in table.rows {
        Fuzz.require(row.number > last, "row numbers not increasing: \(row.number) after \(last)")
        last = row.number
    }
    do {
        let (writes, warnings) = try ImportFuzzContext.importer.plan(table, file: file)
        Fuzz.checkDiagnostics(warnings, file: file)
        Fuzz.require(warnings.allSatisfy { $0.severity == .warning }, "an error among the warnings")
        for write in writes {
            Fuzz.require(AuditStore.isValidID(write.audit.id), "planned audit id \(write.audit.id) is not valid")
            Fuzz.require(write.audit.isComplete, "an imported audit is not complete")
        }
    } catch let e as DiagnosticsError {
        Fuzz.require(e.diagnostics.hasErrors, "import refused with no error")
        Fuzz.checkDiagnostics(e.diagnostics, file: file)
    } catch {
        fatalError("plan threw \(type(of: error)): \(error)")
    }
    return 0
}

enum ImportFuzzContext {
    static let importer = AuditImporter(
        directory: DataDirectory(root: URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("caseaudit-fuzz-never-created-\(getpid())")),
        templates: InMemoryTemplates(Fuzz.shippedTemplates),
        now: Date(timeIntervalSince1970: 1_700_000_000))
}
