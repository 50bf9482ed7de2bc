/// A few values by name, as an audit's facts keep them (its sections' grades, its marked
/// answers): pairs in name order, no name twice. For the handful one audit holds this is made
/// far faster than a `Dictionary` (no hashing, one allocation) and read by a short scan, which
/// matters when 100,000 audits are made from the index log at every run. It reads like a
/// dictionary: `grades["plan"]`, `grades["plan"] = .good`, a literal `["plan": .good]`,
/// `for (name, value) in grades`.
public struct NamedValues<Value: Hashable & Sendable>: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public struct Pair: Hashable, Sendable {
        public var name: String
        public var value: Value
    }

    /// In name order (`String`'s `<`), no name twice.
    public private(set) var pairs: [Pair] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, Value)...) {
        for (name, value) in elements { self[name] = value }
    }

    public init(_ dictionary: [String: Value]) {
        pairs = dictionary.map { Pair(name: $0.key, value: $0.value) }.sorted { $0.name < $1.name }
    }

    /// Pairs as the index log writes them, in name order; any order works, a later pair winning
    /// over an earlier one of the same name.
    init(_ list: [Pair]) {
        if zip(list, list.dropFirst()).allSatisfy({ $0.name < $1.name }) {
            pairs = list
        } else {
            for p in list { self[p.name] = p.value }
        }
    }

    public subscript(name: String) -> Value? {
        get {
            // Names read in place: a `for` loop would copy each pair.
            pairs.firstIndex { $0.name == name }.map { pairs[$0].value }
        }
        set {
            if let i = pairs.firstIndex(where: { $0.name == name }) {
                if let newValue { pairs[i].value = newValue } else { pairs.remove(at: i) }
            } else if let newValue {
                pairs.insert(Pair(name: name, value: newValue), at: pairs.firstIndex { $0.name > name } ?? pairs.count)
            }
        }
    }

    public var isEmpty: Bool { pairs.isEmpty }
    public var count: Int { pairs.count }
    /// The names, in order.
    public var names: [String] { pairs.map(\.name) }

    public struct Iterator: IteratorProtocol {
        var base: IndexingIterator<[Pair]>
        public mutating func next() -> (name: String, value: Value)? { base.next().map { ($0.name, $0.value) } }
    }

    public func makeIterator() -> Iterator { Iterator(base: pairs.makeIterator()) }
}
