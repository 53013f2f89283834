// TEMP stub
struct FormatChecker: Sendable {
    let name: String
    init?(name: String) { return nil }
    func check(_ v: JSONValue) -> Bool { true }
}
