import CaseAuditCore
import Foundation

// Placeholder until the terminal interface lands.
func openInterface(_ common: CommonOptions) throws {
    print("caseaudit: the terminal interface is not built yet; see `caseaudit --help` for the commands.")
}
