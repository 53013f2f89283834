// What the regex VM matches against: code points, read from UTF-8 bytes (ASCII) or from a
// decoded scalar buffer.

/// Input as code points; ASCII strings are matched on their UTF-8 bytes without copying.
protocol RegexInput {
    var count: Int { get }
    subscript(_ i: Int) -> UInt32 { get }
}

struct ASCIIInput: RegexInput {
    let bytes: UnsafeBufferPointer<UInt8>
    var count: Int { bytes.count }
    @inline(__always) subscript(_ i: Int) -> UInt32 { UInt32(bytes[i]) }
}

struct ScalarInput: RegexInput {
    let scalars: UnsafeBufferPointer<UInt32>
    var count: Int { scalars.count }
    @inline(__always) subscript(_ i: Int) -> UInt32 { scalars[i] }
}
