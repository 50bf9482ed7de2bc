import Foundation

/// libFuzzer target for the history reader: the JSON parser, the canonical form and the
/// hash-chain check. Properties checked on every input:
/// - whatever the parser accepts, its canonical form parses back to the same value and is stable,
///   and Foundation's JSONSerialization accepts the input too;
/// - the chain check never crashes, and a history it accepts re-seals byte for byte (an accepted
///   history is exactly what caseaudit writes).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHistory(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    if let value = try? JSONParser.parse(bytes) {
        let canonical = value.canonical
        guard let again = try? JSONParser.parse(Data(canonical.utf8)) else {
            fatalError("the canonical form does not parse: \(canonical)")
        }
        precondition(again == value, "the canonical form changed the value: \(canonical)")
        precondition(again.canonical == canonical, "the canonical form is not stable: \(canonical)")
        precondition((try? JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed])) != nil,
                     "accepted what Foundation rejects: \(String(decoding: bytes, as: UTF8.self))")
    }
    let lines = HistoryLines(bytes)
    if HistoryChain.firstBreak(in: lines.lines, file: "fuzz") == nil {
        for line in lines.lines {
            var entry = try! HistoryEntry(json: line.value!)
            let resealed = try! entry.seal()
            precondition(Data(resealed.utf8) == line.text, "an accepted line is not what caseaudit writes")
        }
    }
    return 0
}
