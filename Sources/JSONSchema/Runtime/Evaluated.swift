// Which object members or array items the in-place applicators of one schema evaluated, for
// `unevaluatedProperties` / `unevaluatedItems`. Only allocated when a schema uses those
// keywords, so ordinary validation pays nothing for them.

/// Evaluated positions of one object (by member position) or array (by index).
final class Evaluated {
    private(set) var marks: [Bool]

    init(count: Int) { marks = Array(repeating: false, count: count) }

    var count: Int { marks.count }

    func mark(_ i: Int) { marks[i] = true }

    func isMarked(_ i: Int) -> Bool { marks[i] }

    func markAll() {
        for i in marks.indices { marks[i] = true }
    }

    /// Adds the marks of a subschema that passed (annotations of failed ones are dropped).
    func merge(_ other: Evaluated) {
        for i in marks.indices where other.marks[i] { marks[i] = true }
    }
}
