import Yams

/// One `key: value` pair of a YAML mapping, keeping both nodes so a message can point at the
/// key (an unknown key) or at the value (a wrong value).
struct YAMLField {
    let key: String
    let keyNode: Node
    let value: Node
}

/// The pairs of one YAML mapping, in file order.
struct YAMLFields {
    let node: Node
    let fields: [YAMLField]
    /// Known keys that an unknown key was taken to be a typo of; their absence is not reported again.
    var misspelled: Set<String> = []

    func field(_ key: String) -> YAMLField? { fields.first { $0.key == key } }
    func value(_ key: String) -> Node? { field(key)?.value }
}

extension Node {
    /// Where the node starts; libYAML counts from 1 for both.
    var line: Int? { mark?.line }
    var column: Int? { mark?.column }

    /// The scalar's text, nil for a list or a mapping.
    var scalarText: String? {
        if case let .scalar(s) = self { return s.string }
        return nil
    }

    /// `key:` with nothing after it, `~` or `null`, unquoted.
    var isNull: Bool {
        guard case let .scalar(s) = self, s.style == .plain || s.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    /// How the value is described in a message: `"1.5"`, `a list`, `a mapping`.
    var describedForMessage: String {
        switch self {
        case let .scalar(s): return "\"\(s.string)\""
        case .sequence: return "a list"
        case .mapping: return "a set of keys"
        case .alias: return "an alias"
        }
    }
}
