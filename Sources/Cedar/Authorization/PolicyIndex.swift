// The scope index. Scope constraints never error and depend only on the request's uids, their
// types and their ancestors, so for each of principal, action and resource the set of policies
// whose constraint holds is a union of precomputed rows: unconstrained, `== uid`, `is T`, and
// `in a` / `is T in a` for each `a` in the uid and its ancestors. Intersecting the three sets
// gives exactly the policies whose conditions must be evaluated.

/// Which policies' scopes match a request, computed from precomputed bit rows.
struct PolicyIndex: Sendable {
    /// Rows for one scope variable, while the index is built.
    struct DimensionBuilder {
        var any: Int
        var equal: [EntityUID: Int] = [:]
        var memberOf: [EntityUID: Int] = [:]
        var isType: [EntityType: Int] = [:]
        var isTypeMemberOf: [EntityUID: [EntityType: Int]] = [:]
        var unconstrained = true

        var frozen: Dimension {
            Dimension(
                any: any, equal: UIDTable(equal.map { ($0, $1) }), memberOf: UIDTable(memberOf.map { ($0, $1) }),
                isType: isType.map { ($0, $1) },
                isTypeMemberOf: UIDTable(isTypeMemberOf.map { ($0, $1.map { ($0, $1) }) }),
                unconstrained: unconstrained)
        }
    }

    /// Rows for one scope variable. Types are few, so they are scanned rather than hashed.
    struct Dimension: Sendable {
        let any: Int
        let equal: UIDTable<Int>
        let memberOf: UIDTable<Int>
        let isType: [(EntityType, Int)]
        let isTypeMemberOf: UIDTable<[(EntityType, Int)]>
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

        func row(_ key: EntityUID, in map: inout [EntityUID: Int]) -> Int {
            if let r = map[key] { return r }
            let r = rows.addRow()
            map[key] = r
            return r
        }
        func add(_ constraint: ScopeConstraint, _ p: Int, to d: inout DimensionBuilder) {
            switch constraint {
            case .any:
                rows.set(row: d.any, bit: p)
                return
            case .equal(.entity(let uid)): rows.set(row: row(uid, in: &d.equal), bit: p)
            case .memberOf(.entity(let uid)): rows.set(row: row(uid, in: &d.memberOf), bit: p)
            case .isType(let t):
                let r = d.isType[t] ?? rows.addRow()
                d.isType[t] = r
                rows.set(row: r, bit: p)
            case .isTypeMemberOf(let t, .entity(let uid)):
                let r = d.isTypeMemberOf[uid]?[t] ?? rows.addRow()
                d.isTypeMemberOf[uid, default: [:]][t] = r
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
                rows.set(row: row(uid, in: &action.equal), bit: p)
                action.unconstrained = false
            case .memberOf(let uids):
                for uid in uids { rows.set(row: row(uid, in: &action.memberOf), bit: p) }
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
        if let r = d.equal[uid] { rows.or(row: r, into: out) }
        for (type, r) in d.isType where type == uid.type { rows.or(row: r, into: out) }
        let checkMember = !d.memberOf.isEmpty
        let checkTypedMember = !d.isTypeMemberOf.isEmpty
        guard checkMember || checkTypedMember else { return }
        func visit(_ a: EntityUID) {
            if checkMember, let r = d.memberOf[a] { rows.or(row: r, into: out) }
            if checkTypedMember, let byType = d.isTypeMemberOf[a] {
                for (type, r) in byType where type == uid.type { rows.or(row: r, into: out) }
            }
        }
        visit(uid)
        if let ancestors {
            for a in ancestors.elements { visit(a) }
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
