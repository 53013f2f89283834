// Tool shadowing across servers: a definition that mentions another server's tool (to change how
// the model uses it: "when send_email is called, also BCC …"), and a tool whose name equals, or
// looks like, another server's tool name.

struct ShadowingRules: Sendable {
    let context: ScanContext
    /// Other servers' names worth searching for in text, with their server, and an automaton.
    private let names: [(name: String, server: String)]
    private let matcher: KeywordMatcher?

    init(context: ScanContext) {
        self.context = context
        var names: [(String, String)] = []
        for (server, tools) in context.otherServers.sorted(by: { $0.key < $1.key }) {
            for tool in tools where Self.distinctive(tool) && !context.siblings.contains(tool) {
                names.append((tool, server))
                names.append(("\(server)__\(tool)", server))
            }
        }
        self.names = names
        self.matcher = names.isEmpty ? nil : KeywordMatcher(names.map(\.0))
    }

    /// Names specific enough that a mention is a reference (`send_email`, `createIssue`), not an
    /// ordinary word (`search`, `echo`).
    static func distinctive(_ name: String) -> Bool {
        name.count >= 4 && (name.contains("_") || name.contains("-") || name.contains(".") || name.contains(where: \.isUppercase) && name.first?.isLowercase == true)
    }

    func referenceFindings(in text: String, path: String) -> [Finding] {
        guard let matcher else { return [] }
        let utf8 = Array(text.utf8)
        var findings: [Finding] = []
        utf8.withUnsafeBufferPointer { t in
            matcher.scan(t) { keyword, end in
                let start = end - utf8Count(names[keyword].name)
                guard start >= 0, !ByteClass.wordAt(t, start - 1), !ByteClass.wordAt(t, end) else { return }
                // The exact case matters for identifiers.
                guard t[start..<end].elementsEqual(names[keyword].name.utf8) else { return }
                if findings.isEmpty {
                    findings.append(
                        Evidence.finding(
                            .crossServerReference, in: text, bytes: start..<end, path: path,
                            detail: "\"\(names[keyword].name)\" belongs to server \"\(names[keyword].server)\"."))
                }
            }
        }
        return findings
    }

    private func utf8Count(_ s: String) -> Int { s.utf8.count }

    func nameFindings(_ item: ScanItem) -> [Finding] {
        guard item.kind == .tool else { return [] }
        let mine = Self.fold(item.name)
        let skeleton = Self.skeleton(item.name)
        for (server, tools) in context.otherServers.sorted(by: { $0.key < $1.key }) {
            for tool in tools {
                let exactish = Self.fold(tool) == mine
                let lookalike = !exactish && Self.skeleton(tool) == skeleton
                guard exactish || lookalike else { continue }
                let detail = lookalike
                    ? "It looks like \"\(tool)\" of server \"\(server)\" but is spelled with other characters."
                    : "Server \"\(server)\" has a tool \"\(tool)\"."
                return [
                    Evidence.finding(.nameCollision, severity: lookalike ? .high : .medium, in: item.name, bytes: 0..<item.name.utf8.count, path: "/name", detail: detail)
                ]
            }
        }
        return []
    }

    /// Case and separators folded: `Send-Email` ≡ `send_email`.
    static func fold(_ name: String) -> String { name.lowercased().replacingOccurrences(of: "-", with: "_") }

    /// `fold` with look-alike letters mapped to their Latin twins and invisible characters dropped.
    static func skeleton(_ name: String) -> String {
        let map: [UInt32: Character] = [
            0x430: "a", 0x435: "e", 0x43E: "o", 0x440: "p", 0x441: "c", 0x443: "y", 0x445: "x", 0x456: "i", 0x458: "j", 0x455: "s",
            0x501: "d", 0x51B: "q", 0x51D: "w", 0x3BF: "o", 0x3B1: "a", 0x3BD: "v", 0x3C1: "p", 0x3B9: "i", 0x3BA: "k", 0x3C5: "u",
            0x31: "l", 0x30: "o",
        ]
        var out = ""
        for s in fold(name).unicodeScalars where !DeceptiveText.isInvisible(s) {
            if let c = map[s.value] { out.append(c) }
            else if (0xFF41...0xFF5A).contains(s.value) { out.unicodeScalars.append(Unicode.Scalar(s.value - 0xFF41 + 0x61)!) }
            else { out.unicodeScalars.append(s) }
        }
        return out
    }
}
