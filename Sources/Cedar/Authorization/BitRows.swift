// Fixed-width bit rows stored back to back in one array: row r covers policies 0..<count, bit p
// set when policy p belongs to the row. The scope index ORs and ANDs rows into scratch space, so a
// request costs a few word operations per matching key instead of one check per policy.

/// A table of equal-length bitsets over policy positions.
struct BitRows: Sendable {
    /// Words per row.
    let wordCount: Int
    private(set) var storage: [UInt64] = []

    init(bitCount: Int) {
        wordCount = max(1, (bitCount + 63) / 64)
    }

    var rowCount: Int { storage.count / wordCount }

    /// Adds an empty row and returns its number.
    mutating func addRow() -> Int {
        storage.append(contentsOf: repeatElement(0, count: wordCount))
        return rowCount - 1
    }

    mutating func set(row: Int, bit: Int) {
        storage[row * wordCount + bit >> 6] |= 1 << UInt64(bit & 63)
    }

    /// `target |= row`.
    @inline(__always)
    func or(row: Int, into target: UnsafeMutableBufferPointer<UInt64>) {
        storage.withUnsafeBufferPointer { s in
            let base = row * wordCount
            for w in 0..<wordCount { target[w] |= s[base + w] }
        }
    }
}
