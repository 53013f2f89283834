// The scope index. Scope constraints never error and depend only on the request's uids, their
// types and their ancestors, so for each of principal, action and resource the set of policies
// whose constraint holds is a union of precomputed rows: unconstrained, `== uid`, `is T`, and
// `in a` / `is T in a` for each `a` in the uid and its ancestors. Intersecting the three sets
// gives exactly the policies whose conditions must be evaluated.

/// Which policies' scopes match a request, computed from precomputed bit rows.
struct PolicyIndex: Sendable {
    /// The rows keyed by one entity: `== e`, `in e`, and `is T in e` for each type `T`.
    struct KeyRows: Sendable {
        var equal = -1
        var memberOf = -1
        var typedMemberOf: [(EntityType, Int)] = []
    }

    /// Rows for one scope variable, while the index is built.
    struct DimensionBuilder {
        var any: Int
        var keyed: [EntityUID: KeyRows] = [:]
        var isType: [EntityType: Int] = [:]
        var unconstrained = true

        var frozen: Dimension {
            Dimension(
                any: any, keyed: UIDTable(keyed.map { ($0, $1) }), isType: isType.map { ($0, $1) },
                unconstrained: unconstrained)
        }
    }

    /// Rows for one scope variable: one table lookup per entity (the request's and each
    /// ancestor). Types are few, so they are scanned rather than hashed.
    struct Dimension: Sendable {
        let any: Int
        let keyed: UIDTable<KeyRows>
        let isType: [(EntityType, Int)]
        /// True when no policy constrains this variable, so the dimension can be skipped.
        let unconstrained: Bool
    }

    let policyCount: Int
    private(set) var rows: BitRows
    private(set) var principal: Dimension
    private(set) var action: Dimension
    private(set) var resource: Dimension

    init(_ policies: [Policy]) {
        policyCount = policies.count
        var rows = BitRows(bitCount: policies.count)
        var principal = DimensionBuilder(any: rows.addRow())
        var action = DimensionBuilder(any: rows.addRow())
        var resource = DimensionBuilder(any: rows.addRow())

        func row(_ path: WritableKeyPath<KeyRows, Int>, of key: EntityUID, in d: inout DimensionBuilder) -> Int {
            if let r = d.keyed[key]?[keyPath: path], r >= 0 { return r }
            let r = rows.addRow()
            d.keyed[key, default: KeyRows()][keyPath: path] = r
            return r
        }
        func add(_ constraint: ScopeConstraint, _ p: Int, to d: inout DimensionBuilder) {
            switch constraint {
            case .any:
                rows.set(row: d.any, bit: p)
                return
            case .equal(.entity(let uid)): rows.set(row: row(\.equal, of: uid, in: &d), bit: p)
            case .memberOf(.entity(let uid)): rows.set(row: row(\.memberOf, of: uid, in: &d), bit: p)
            case .isType(let t):
                let r = d.isType[t] ?? rows.addRow()
                d.isType[t] = r
                rows.set(row: r, bit: p)
            case .isTypeMemberOf(let t, .entity(let uid)):
                var entry = d.keyed[uid] ?? KeyRows()
                let r: Int
                if let existing = entry.typedMemberOf.first(where: { $0.0 == t }) {
                    r = existing.1
                } else {
                    r = rows.addRow()
                    entry.typedMemberOf.append((t, r))
                }
                d.keyed[uid] = entry
                rows.set(row: r, bit: p)
            default:
                // An unlinked slot matches nothing; templates never reach the index.
                return
            }
            d.unconstrained = false
        }
        for (p, policy) in policies.enumerated() {
            add(policy.principal, p, to: &principal)
            add(policy.resource, p, to: &resource)
            switch policy.action {
            case .any: rows.set(row: action.any, bit: p)
            case .equal(let uid):
                rows.set(row: row(\.equal, of: uid, in: &action), bit: p)
                action.unconstrained = false
            case .memberOf(let uids):
                for uid in uids { rows.set(row: row(\.memberOf, of: uid, in: &action), bit: p) }
                action.unconstrained = false
            }
        }
        self.rows = rows
        self.principal = principal.frozen
        self.action = action.frozen
        self.resource = resource.frozen
    }

    /// ORs into `out` the policies whose constraint on one variable holds for `uid`.
    @inline(__always)
    private func match(
        _ d: Dimension, uid: EntityUID, ancestors: UIDSet?, into out: UnsafeMutableBufferPointer<UInt64>
    ) {
        rows.or(row: d.any, into: out)
        for (type, r) in d.isType where type == uid.type { rows.or(row: r, into: out) }
        guard !d.keyed.isEmpty else { return }
        func visit(_ entry: KeyRows) {
            if entry.memberOf >= 0 { rows.or(row: entry.memberOf, into: out) }
            for (type, r) in entry.typedMemberOf where type == uid.type { rows.or(row: r, into: out) }
        }
        if let own = d.keyed[uid] {
            if own.equal >= 0 { rows.or(row: own.equal, into: out) }
            visit(own)
        }
        if let ancestors {
            for a in ancestors.elements {
                if let entry = d.keyed[a] { visit(entry) }
            }
        }
    }

    /// Calls `body` with the positions of the policies whose scope matches, in ascending order.
    func forEachCandidate(_ context: EvaluationContext, _ body: (Int) -> Void) {
        let request = context.request
        let words = rows.wordCount
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words * 2) { scratch in
            let result = UnsafeMutableBufferPointer(rebasing: scratch[0..<words])
            let part = UnsafeMutableBufferPointer(rebasing: scratch[words..<(2 * words)])
            // Start from "every policy"; bits past policyCount are cleared below.
            for w in 0..<words { result[w] = ~0 }
            func restrict(_ d: Dimension, _ uid: EntityUID, _ record: Entities.Record?) {
                guard !d.unconstrained else { return }
                for w in 0..<words { part[w] = 0 }
                match(d, uid: uid, ancestors: record?.ancestors, into: part)
                for w in 0..<words { result[w] &= part[w] }
            }
            restrict(principal, request.principal, context.principal)
            restrict(action, request.action, context.action)
            restrict(resource, request.resource, context.resource)
            let tail = policyCount & 63
            if tail != 0 { result[words - 1] &= (1 << UInt64(tail)) - 1 }
            if policyCount == 0 { result[0] = 0 }
            for w in 0..<words {
                var bits = result[w]
                while bits != 0 {
                    let b = bits.trailingZeroBitCount
                    body(w << 6 | b)
                    bits &= bits - 1
                }
            }
        }
    }
}
