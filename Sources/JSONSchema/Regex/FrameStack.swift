// The regex VM's backtrack stack: entries, and a stack that starts in caller-provided memory.

/// A backtrack entry: an alternative to resume, or a register value to restore.
struct RegexFrame {
    enum Kind: UInt8 { case branch, restore, greedyRun, lazyRun }
    var kind: Kind
    var a: Int32
    var pos: Int
    var extra: Int
}

/// The backtrack stack: starts in caller-provided (stack) memory and moves to the heap only if
/// a match needs more, so ordinary matches allocate nothing.
struct FrameStack {
    private var buffer: UnsafeMutableBufferPointer<RegexFrame>
    private var owned = false
    private(set) var count = 0

    init(_ initial: UnsafeMutableBufferPointer<RegexFrame>) { buffer = initial }

    @inline(__always)
    mutating func append(_ f: RegexFrame) {
        if count == buffer.count { grow() }
        buffer[count] = f
        count += 1
    }

    @inline(__always)
    mutating func popLast() -> RegexFrame? {
        guard count > 0 else { return nil }
        count -= 1
        return buffer[count]
    }

    private mutating func grow() {
        let bigger = UnsafeMutableBufferPointer<RegexFrame>.allocate(capacity: Swift.max(64, buffer.count * 2))
        _ = bigger.initialize(from: buffer[0..<count])
        if owned { buffer.deallocate() }
        buffer = bigger
        owned = true
    }

    func release() { if owned { buffer.deallocate() } }
}
