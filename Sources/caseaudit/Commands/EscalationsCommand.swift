import ArgumentParser
import CaseAuditCore
import Foundation

/// `caseaudit escalations`: the QA lead's list of escalations, and marking one resolved.
struct EscalationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalations",
        abstract: "List the audits whose escalation question is answered Yes; mark one resolved.",
        discussion: """
            Lists every audit (drafts included) whose "Did anything in this file need action to keep the \
            child safe today?" is answered Yes: open ones, and resolved ones with the day. --open lists only \
            those not yet resolved. --resolve ID --on YYYY-MM-DD --reason TEXT marks one resolved; the \
            audit's history records who, when and the reason, and a completed audit stays complete.

            Examples:
              caseaudit escalations --open
              caseaudit escalations --resolve 2018-12-a1b2c3d4 --on 2018-12-04 \\
                  --reason "Service manager confirmed a safety plan"
            """
    )

    @OptionGroup var common: CommonOptions

    @Flag(help: "Only the escalations not yet resolved.")
    var open = false

    @Option(help: ArgumentHelp("Mark this audit's open escalation resolved (with --on and --reason).", valueName: "id"))
    var resolve: String?

    @Option(help: ArgumentHelp("The day it was resolved.", valueName: "YYYY-MM-DD"))
    var on: String?

    @Option(help: ArgumentHelp("Why it is resolved: who confirmed the child is safe and what was done (kept in the history).",
                               valueName: "text"))
    var reason: String?

    func validate() throws {
        if resolve == nil {
            if on != nil || reason != nil { throw ValidationError("--on and --reason go with --resolve ID") }
            return
        }
        if on == nil { throw ValidationError("--resolve needs --on YYYY-MM-DD, the day it was resolved") }
        if (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--resolve needs --reason TEXT: the history records why")
        }
        if open { throw ValidationError("--open lists; leave it out with --resolve") }
    }

    mutating func run() throws {
        try reportingErrors {
            let directory = try common.existingDataDirectory()
            let catalog = try common.loadTemplateCatalog()
            guard let id = resolve else {
                print(EscalationList(ReportSupport.loadFacts(directory, catalog: catalog), openOnly: open).text, terminator: "")
                return
            }
            // The lock keeps the interface from editing the audit while it is saved here.
            switch try AuditLock.acquire(id: id, directory: directory) {
            case .heldBy(let holder):
                throw CaseAuditError(.ioError, file: AuditLock.file(id: id, directory: directory).path,
                                     "\(holder.user) on \(holder.host) has audit \(id) open",
                                     remedy: "try again when they have closed it, or run `caseaudit unlock \(id)` if they are gone")
            case .acquired(let held):
                defer { held.release() }
                let repository = AuditRepository(directory: directory, templateSource: { catalog.source($0) })
                try Escalation.resolve(id: id, in: repository, store: AuditStore(directory: directory), catalog: catalog,
                                       on: on!, by: AuditRepository.currentUser(), reason: reason!)
                print("\(id): escalation marked resolved on \(on!)")
            }
        }
    }
}
