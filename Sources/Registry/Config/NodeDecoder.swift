// The machinery behind `ConfigNodeDecoder.decode`: a `Decoder` over Yams nodes whose optional
// fields absorb type errors (reported, then read as absent) and which notes every key a type asks
// for, so unknown keys can be reported with a suggestion afterwards.
import Yams

/// A decoding problem at one path; caught (and reported) by the nearest optional field around it.
struct NodeDecodingFailure: Error {
    let path: ConfigPath
    let message: String
}

/// State shared by every container of one `decode` call.
final class NodeDecodingSession {
    let collector: DiagnosticCollector
    /// Keys each mapping's type asked for, for "did you mean".
    private var requestedKeys: [ConfigPath: Set<String>] = [:]
    /// Keys a mapping holds that its type does not know, with their lines.
    private var unknownKeys: [(mapping: ConfigPath, key: String)] = []

    init(collector: DiagnosticCollector) { self.collector = collector }

    func decodeValue<T: Decodable>(_ type: T.Type, from node: Node, at path: ConfigPath) throws -> T {
        collector.record(line: node.mark?.line, for: path)
        return try T(from: NodeDecoder(node: node, path: path, session: self))
    }

    func report(_ failure: NodeDecodingFailure) {
        collector.error(failure.message, at: failure.path)
    }

    func requested(_ key: String, in mapping: ConfigPath) {
        requestedKeys[mapping, default: []].insert(key)
    }

    func unknown(_ key: String, in mapping: ConfigPath) {
        unknownKeys.append((mapping, key))
    }

    func finish() {
        for (mapping, key) in unknownKeys {
            ConfigNodeDecoder.warnUnknownKey(
                key, at: mapping.appending(key), known: Array(requestedKeys[mapping] ?? []).sorted(), into: collector)
        }
        unknownKeys = []
    }
}

struct ConfigCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = "\(intValue)"
        self.intValue = intValue
    }
}

private func codingPath(of path: ConfigPath) -> [any CodingKey] {
    path.components.map {
        switch $0 {
        case .key(let key): ConfigCodingKey(stringValue: key)
        case .index(let index): ConfigCodingKey(intValue: index)
        }
    }
}

private func isNull(_ node: Node) -> Bool { node.null != nil }

private struct NodeDecoder: Decoder {
    let node: Node
    let path: ConfigPath
    let session: NodeDecodingSession

    var codingPath: [any CodingKey] { Registry.codingPath(of: path) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping = node else {
            throw NodeDecodingFailure(
                path: path, message: "\(path.described(or: "the document")) must be a mapping; got \(ConfigNodeDecoder.describe(node)).")
        }
        let entries = ConfigNodeDecoder.mapping(node, at: path, into: session.collector) ?? []
        var values: [String: Node] = [:]
        for (key, value) in entries {
            values[key] = value
            if Key(stringValue: key) == nil { session.unknown(key, in: path) }
        }
        return KeyedDecodingContainer(
            NodeKeyedContainer<Key>(values: values, order: entries.map(\.key), path: path, session: session))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let sequence) = node else {
            throw NodeDecodingFailure(path: path, message: "\(path.described(or: "the document")) must be a list; got \(ConfigNodeDecoder.describe(node)).")
        }
        return NodeUnkeyedContainer(elements: Array(sequence), path: path, session: session)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        NodeSingleValueContainer(node: node, path: path, session: session)
    }
}

private struct NodeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let values: [String: Node]
    let order: [String]
    let path: ConfigPath
    let session: NodeDecodingSession

    var codingPath: [any CodingKey] { Registry.codingPath(of: path) }
    var allKeys: [Key] { order.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool {
        session.requested(key.stringValue, in: path)
        return values[key.stringValue] != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        session.requested(key.stringValue, in: path)
        return values[key.stringValue].map(isNull) ?? true
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        session.requested(key.stringValue, in: path)
        let childPath = path.appending(key.stringValue)
        guard let value = values[key.stringValue] else {
            throw NodeDecodingFailure(path: path, message: "\(childPath) is required.")
        }
        return try session.decodeValue(type, from: value, at: childPath)
    }

    /// The forgiving step: a failure inside an optional setting is reported and the setting
    /// reads as absent, so the enclosing value still decodes.
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        session.requested(key.stringValue, in: path)
        guard let value = values[key.stringValue], !isNull(value) else { return nil }
        do {
            return try session.decodeValue(type, from: value, at: path.appending(key.stringValue))
        } catch let failure as NodeDecodingFailure {
            session.report(failure)
            return nil
        }
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try decodeIfPresent(Wrapped<Bool>.self, forKey: key)?.value }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try decodeIfPresent(Wrapped<String>.self, forKey: key)?.value }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try decodeIfPresent(Wrapped<Double>.self, forKey: key)?.value }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try decodeIfPresent(Wrapped<Float>.self, forKey: key)?.value }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try decodeIfPresent(Wrapped<Int>.self, forKey: key)?.value }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try decodeIfPresent(Wrapped<Int8>.self, forKey: key)?.value }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try decodeIfPresent(Wrapped<Int16>.self, forKey: key)?.value }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try decodeIfPresent(Wrapped<Int32>.self, forKey: key)?.value }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try decodeIfPresent(Wrapped<Int64>.self, forKey: key)?.value }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try decodeIfPresent(Wrapped<UInt>.self, forKey: key)?.value }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try decodeIfPresent(Wrapped<UInt8>.self, forKey: key)?.value }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try decodeIfPresent(Wrapped<UInt16>.self, forKey: key)?.value }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try decodeIfPresent(Wrapped<UInt32>.self, forKey: key)?.value }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try decodeIfPresent(Wrapped<UInt64>.self, forKey: key)?.value }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        session.requested(key.stringValue, in: path)
        let childPath = path.appending(key.stringValue)
        guard let value = values[key.stringValue] else { throw NodeDecodingFailure(path: path, message: "\(childPath) is required.") }
        return try NodeDecoder(node: value, path: childPath, session: session).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        session.requested(key.stringValue, in: path)
        let childPath = path.appending(key.stringValue)
        guard let value = values[key.stringValue] else { throw NodeDecodingFailure(path: path, message: "\(childPath) is required.") }
        return try NodeDecoder(node: value, path: childPath, session: session).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        NodeDecoder(node: .mapping(.init([])), path: path, session: session)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        session.requested(key.stringValue, in: path)
        let value = values[key.stringValue] ?? Node("null")
        return NodeDecoder(node: value, path: path.appending(key.stringValue), session: session)
    }
}

/// Routes the primitive `decodeIfPresent` overloads through the generic, forgiving one.
private struct Wrapped<Value: Decodable>: Decodable {
    let value: Value
    init(from decoder: any Decoder) throws { value = try decoder.singleValueContainer().decode(Value.self) }
}

private struct NodeUnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [Node]
    let path: ConfigPath
    let session: NodeDecodingSession
    var currentIndex = 0

    var codingPath: [any CodingKey] { Registry.codingPath(of: path) }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private func checkNotAtEnd() throws {
        if isAtEnd { throw NodeDecodingFailure(path: path, message: "\(path) has fewer entries than expected.") }
    }

    mutating func decodeNil() throws -> Bool {
        try checkNotAtEnd()
        if isNull(elements[currentIndex]) {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try checkNotAtEnd()
        let index = currentIndex
        let value = try session.decodeValue(type, from: elements[index], at: path.appending(index: index))
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try checkNotAtEnd()
        defer { currentIndex += 1 }
        return try NodeDecoder(node: elements[currentIndex], path: path.appending(index: currentIndex), session: session)
            .container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try checkNotAtEnd()
        defer { currentIndex += 1 }
        return try NodeDecoder(node: elements[currentIndex], path: path.appending(index: currentIndex), session: session)
            .unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        try checkNotAtEnd()
        defer { currentIndex += 1 }
        return NodeDecoder(node: elements[currentIndex], path: path.appending(index: currentIndex), session: session)
    }
}

private struct NodeSingleValueContainer: SingleValueDecodingContainer {
    let node: Node
    let path: ConfigPath
    let session: NodeDecodingSession

    var codingPath: [any CodingKey] { Registry.codingPath(of: path) }

    private func mismatch(_ expected: String) -> NodeDecodingFailure {
        NodeDecodingFailure(
            path: path, message: "\(path.described(or: "the document")) must be \(expected); got \(ConfigNodeDecoder.describe(node)).")
    }

    func decodeNil() -> Bool { isNull(node) }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard let value = node.bool else { throw mismatch("true or false") }
        return value
    }

    func decode(_ type: String.Type) throws -> String {
        // Any plain value reads as text (`version: 1.0` is "1.0"); lists, mappings and null do not.
        guard case .scalar(let scalar) = node, !isNull(node) else { throw mismatch("a string") }
        return scalar.string
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard let value = node.float else { throw mismatch("a number") }
        return value
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

    func decode(_ type: Int.Type) throws -> Int { try integer() }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    private func integer<I: FixedWidthInteger>() throws -> I {
        guard let value = node.int else { throw mismatch("a whole number") }
        guard let exact = I(exactly: value) else {
            throw NodeDecodingFailure(path: path, message: "\(path) is out of range: \(value) (allowed \(I.min)…\(I.max)).")
        }
        return exact
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: NodeDecoder(node: node, path: path, session: session))
    }
}
