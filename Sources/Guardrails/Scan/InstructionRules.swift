// Instructions aimed at the model inside definitions (tool poisoning): overrides ("ignore previous
// instructions"), hidden tags (<IMPORTANT>), requests to read or pass on files and credentials,
// concealment ("do not tell the user"), steering towards other tools, direct address of the model,
// and standing orders ("Always call …"). Phrases are found by one keyword automaton; rules that
// need two parts (a sensitive object and an imperative verb that acts on it) are judged per
// sentence. Quoted phrases are mentions, not instructions: a security tool may describe "ignore
// previous instructions" attacks in its own description.

enum InstructionRules {
    enum Category: Sendable {
        case override, tag, conceal, modelDirected
        /// A file, credential or conversation object; `strong` ones need any imperative verb,
        /// credential words a reading or sending verb.
        case sensitive(strong: Bool)
        /// An imperative verb that moves data (`read`, `include`, `send`, …).
        case accessVerb
        /// A lead-in to a tool name ("call the", "before calling").
        case toolLead
    }

    static let phrases: [(String, Category)] = {
        var p: [(String, Category)] = []
        let verbs = ["ignore", "disregard", "forget", "override", "bypass"]
        let objects = [
            "previous instructions", "all previous instructions", "the previous instructions", "prior instructions", "all prior instructions",
            "your instructions", "all instructions", "your previous instructions", "the above", "all of the above", "the system prompt",
            "your system prompt", "your guidelines", "your rules", "earlier instructions", "any previous instructions", "other instructions",
            "any other instructions", "the user's instructions", "the user's request",
        ]
        for v in verbs { for o in objects { p.append(("\(v) \(o)", .override)) } }
        for s in ["new instructions:", "system override", "you are now in developer mode", "developer mode enabled", "do anything now"] {
            p.append((s, .override))
        }
        for t in [
            "<important>", "</important>", "<system>", "</system>", "<instructions>", "<instruction>", "<secret>", "<hidden>", "<!--",
            "[important]", "[system]", "[instructions]", "<|im_start|>", "<|system|>", "{{system", "<admin>", "<critical>", "<note to the ai>",
        ] {
            p.append((t, .tag))
        }
        for c in [
            "do not tell the user", "don't tell the user", "do not inform the user", "don't inform the user", "without telling the user",
            "without informing the user", "without the user knowing", "do not mention", "don't mention", "never mention", "never tell the user",
            "do not reveal", "don't reveal", "hide this from", "hide it from the user", "the user must not know", "the user should not know",
            "the user does not need to know", "keep this secret", "keep it secret", "not visible to the user", "do not show the user",
            "don't show the user", "do not disclose", "silently send", "silently call", "silently include", "silently add", "silently read",
            "silently forward", "silently copy", "secretly", "behind the user's back", "do not notify the user",
        ] {
            p.append((c, .conceal))
        }
        for m in [
            "as an ai", "you are an ai", "you are a helpful assistant", "the assistant must", "the assistant should", "the model must",
            "the model should", "the llm must", "the llm should", "llm instructions", "instructions for the ai", "note to the ai",
            "note to ai", "attention ai", "attention assistant", "if you are an ai", "if you are an llm", "your system prompt",
            "from now on", "regardless of what the user", "even if the user", "no matter what the user", "under no circumstances",
            "this is very important", "very very important", "extremely important", "it is critical that you", "it is crucial that you",
            "you must always", "you must never", "you should always", "you should never", "always remember to", "never forget to",
            "otherwise the tool will not work", "or the tool will fail", "the tool will not work unless",
        ] {
            p.append((m, .modelDirected))
        }
        for s in [
            "~/.ssh", ".ssh/", "id_rsa", "id_ed25519", "id_ecdsa", "ssh key", "ssh keys", "private key", ".env", "mcp.json", "~/.cursor",
            "~/.config", "~/.aws", ".aws/credentials", "/etc/passwd", "/etc/shadow", "credentials file", "credentials.json", ".netrc",
            ".git-credentials", "keychain", "seed phrase", "recovery phrase", "wallet", "browser cookies", "cookies", "environment variables",
            "env vars", "conversation history", "chat history", "previous messages", "the conversation", "system prompt", "claude_desktop_config",
            ".bash_history", ".npmrc", ".pypirc", "kubeconfig", ".kube/config", ".docker/config.json",
        ] {
            p.append((s, .sensitive(strong: true)))
        }
        for s in ["api key", "api keys", "api_key", "password", "passwords", "secret", "secrets", "access token", "auth token", "bearer token", "credentials", "token"] {
            p.append((s, .sensitive(strong: false)))
        }
        for v in [
            "read", "include", "pass", "send", "attach", "upload", "forward", "copy", "extract", "collect", "append", "embed", "post", "cat",
            "open", "load", "dump", "print", "output", "transmit", "exfiltrate", "leak", "share", "provide", "add", "put", "insert", "fetch",
            "paste", "supply", "give", "enter", "submit", "return", "show", "display", "reveal", "list", "store", "save", "write",
        ] {
            p.append((v, .accessVerb))
        }
        for l in [
            "call the", "use the", "invoke the", "run the", "execute the", "trigger the", "before calling", "after calling", "before using",
            "after using", "first call", "always call", "must call", "should call", "then call", "also call", "call tool", "invoke tool",
            "instead of the", "rather than the", "instead of using", "instead of calling",
        ] {
            p.append((l, .toolLead))
        }
        return p
    }()

    static let matcher = KeywordMatcher(phrases.map(\.0))

    /// Verbs that only count towards credential words ("provide your API key" is a normal request).
    static let readingVerbs: Set<String> = [
        "read", "include", "pass", "send", "attach", "upload", "forward", "copy", "extract", "collect", "append", "embed", "post", "cat",
        "dump", "print", "output", "transmit", "exfiltrate", "leak", "share", "fetch",
    ]

    /// Words after which a base-form verb is an instruction ("… must read", ", send", "and pass").
    static let imperativeLeads: Set<String> = [
        "must", "should", "please", "always", "first", "then", "and", "also", "to", "you", "will", "just", "now", "immediately", "simply",
        "kindly", "need", "needs",
    ]

    static func findings(in text: String, path: String, context: ScanContext) -> [Finding] {
        let utf8 = Array(text.utf8)
        var findings: [Finding] = []
        var matches: [(phrase: Int, range: Range<Int>)] = []
        utf8.withUnsafeBufferPointer { t in
            matcher.scan(t) { keyword, end in
                let start = matcher.start(of: keyword, endingAt: end, in: t)
                let phrase = phrases[keyword].0
                // Whole words at letter ends; mentions in quotes do not count.
                if let f = phrase.utf8.first, ByteClass.isLetter(f), ByteClass.wordAt(t, start - 1) { return }
                if let l = phrase.utf8.last, ByteClass.isLetter(l) || l == 0x2E, ByteClass.wordAt(t, end) { return }
                matches.append((keyword, start..<end))
            }
            let sentences = sentenceRanges(t)
            for (phrase, range) in matches {
                let category = phrases[phrase].1
                switch category {
                case .override, .tag, .conceal, .modelDirected:
                    if PromptInjection.isMention(range, in: t) { continue }
                    let rule: ScanRule =
                        switch category {
                        case .override: .overrideInstructions
                        case .tag: .hiddenTag
                        case .conceal: .conceal
                        default: .modelDirected
                        }
                    findings.append(Evidence.finding(rule, in: text, bytes: range, path: path))
                case .sensitive(let strong):
                    // A verb that acts on it, in the same sentence, used as an instruction.
                    guard let sentence = sentences.first(where: { $0.contains(range.lowerBound) }) else { continue }
                    let verb = matches.first { m in
                        guard case .accessVerb = phrases[m.phrase].1, sentence.contains(m.range.lowerBound) else { return false }
                        let word = phrases[m.phrase].0
                        if !strong, !readingVerbs.contains(word) { return false }
                        return isImperative(m.range, in: t, sentenceStart: sentence.lowerBound)
                    }
                    if let verb, !PromptInjection.isMention(range, in: t) {
                        let span = min(verb.range.lowerBound, range.lowerBound)..<max(verb.range.upperBound, range.upperBound)
                        findings.append(Evidence.finding(.sensitiveAccess, in: text, bytes: span, path: path))
                    }
                case .toolLead:
                    guard let (name, nameRange) = toolName(after: range.upperBound, in: t) else { continue }
                    if context.siblings.contains(name) { continue }
                    if context.otherServers.values.contains(where: { $0.contains(name) }) { continue }  // shadowing reports it
                    findings.append(Evidence.finding(.toolInstruction, in: text, bytes: range.lowerBound..<nameRange.upperBound, path: path))
                case .accessVerb:
                    continue
                }
            }
            if let imperative = standingOrder(in: t, sentences: sentences) {
                findings.append(Evidence.finding(.imperative, in: text, bytes: imperative, path: path))
            }
        }
        return findings
    }

    /// Sentences: split after `.`, `!`, `?` followed by a space, at line breaks, and at `<`/`>`
    /// tag edges (a tag starts a new instruction).
    static func sentenceRanges(_ t: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < t.count {
            let b = t[i]
            if b == 0x0A || ((b == 0x2E || b == 0x21 || b == 0x3F) && (i + 1 == t.count || ByteClass.isSpace(t[i + 1]))) || b == 0x3E {
                ranges.append(start..<(i + 1))
                start = i + 1
            }
            i += 1
        }
        if start < t.count { ranges.append(start..<t.count) }
        return ranges
    }

    /// A base-form verb at `r` used as an instruction: at the start of a sentence or clause, or
    /// after a word such as "must", "then", "and", "to".
    static func isImperative(_ r: Range<Int>, in t: UnsafeBufferPointer<UInt8>, sentenceStart: Int) -> Bool {
        var p = r.lowerBound - 1
        while p >= sentenceStart, ByteClass.isSpace(t[p]) || t[p] == 0x2A || t[p] == 0x22 || t[p] == 0x27 { p -= 1 }
        if p < sentenceStart { return true }
        if t[p] == 0x2C || t[p] == 0x3B || t[p] == 0x3A || t[p] == 0x2D || t[p] == 0x3E || t[p] == 0x28 { return true }
        var s = p
        while s > sentenceStart, ByteClass.isLetter(t[s - 1]) { s -= 1 }
        let word = String(decoding: t[s...p], as: UTF8.self).lowercased()
        return imperativeLeads.contains(word)
    }

    /// A tool name after a lead-in ("call the `send_email` tool", "before calling get_weather"):
    /// tool-like (with `_`, `-` or `.`, quoted, or followed by "tool"). Generic targets ("any other
    /// tool") count as a name too.
    static func toolName(after i: Int, in t: UnsafeBufferPointer<UInt8>) -> (String, Range<Int>)? {
        var s = ByteClass.skipSpaces(t, from: i, limit: 3)
        for generic in ["any other tool", "all other tools", "every other tool", "other tools", "any tool", "another tool"] as [StaticString]
        where ByteClass.hasPrefix(t, at: s, generic) {
            return ("*", s..<(s + generic.utf8CodeUnitCount))
        }
        var quoted = false
        if s < t.count, t[s] == 0x60 || t[s] == 0x22 || t[s] == 0x27 {
            quoted = true
            s += 1
        }
        var e = s
        while e < t.count, ByteClass.isAlnum(t[e]) || t[e] == 0x5F || t[e] == 0x2D || t[e] == 0x2E { e += 1 }
        while e > s, t[e - 1] == 0x2E || t[e - 1] == 0x2D { e -= 1 }
        guard e > s else { return nil }
        let name = String(decoding: t[s..<e], as: UTF8.self)
        let after = ByteClass.skipSpaces(t, from: quoted ? e + 1 : e, limit: 2)
        let followedByTool = ByteClass.hasPrefix(t, at: after, "tool") && !ByteClass.wordAt(t, after + 4) || ByteClass.hasPrefix(t, at: after, "tool ")
            || ByteClass.hasPrefix(t, at: after, "function")
        let toolLike = name.contains("_") || name.contains("-") || name.contains(".") || quoted
        guard toolLike || followedByTool else { return nil }
        // "use the `query` parameter": an input of this tool, not another tool.
        for word in ["parameter", "argument", "field", "option", "flag", "property", "value", "key", "header", "api", "endpoint"] as [StaticString]
        where ByteClass.hasPrefix(t, at: after, word) {
            return nil
        }
        if ["this", "same", "current", "following", "above", "below", "previous", "next"].contains(name.lowercased()) { return nil }
        return (name, s..<e)
    }

    /// "Always call …", "Never use …", "Make sure to …", "Remember to …", "Ensure you …": a sentence
    /// that opens with a standing order about what the model does.
    static func standingOrder(in t: UnsafeBufferPointer<UInt8>, sentences: [Range<Int>]) -> Range<Int>? {
        let modelVerbs: Set<String> = [
            "call", "use", "invoke", "run", "execute", "read", "send", "include", "pass", "tell", "mention", "reveal", "show", "inform", "ask",
            "ignore", "respond", "reply", "answer", "output", "print", "add", "append", "attach", "forward", "copy", "upload", "share",
            "follow", "obey", "treat", "prefer", "choose", "select", "trust", "recommend", "suggest", "refuse", "delete", "remove",
        ]
        for sentence in sentences {
            var i = ByteClass.skipSpaces(t, from: sentence.lowerBound)
            while i < sentence.upperBound, !ByteClass.isLetter(t[i]) { i += 1 }
            let words = Self.words(t, from: i, upTo: sentence.upperBound, count: 4)
            guard let first = words.first else { continue }
            let w = words.map { $0.0 }
            var hit = false
            if (first.0 == "always" || first.0 == "never"), w.count > 1, modelVerbs.contains(w[1]) { hit = true }
            if w.starts(with: ["make", "sure"]) || w.starts(with: ["be", "sure", "to"]) || w.starts(with: ["remember", "to"])
                || w.starts(with: ["ensure", "you"]) || w.starts(with: ["ensure", "that", "you"])
            {
                hit = true
            }
            if hit { return first.1.lowerBound..<(words.last?.1.upperBound ?? first.1.upperBound) }
        }
        return nil
    }

    private static func words(_ t: UnsafeBufferPointer<UInt8>, from: Int, upTo: Int, count: Int) -> [(String, Range<Int>)] {
        var result: [(String, Range<Int>)] = []
        var i = from
        while i < upTo, result.count < count {
            while i < upTo, !ByteClass.isLetter(t[i]) { i += 1 }
            let s = i
            while i < upTo, ByteClass.isLetter(t[i]) || t[i] == 0x27 { i += 1 }
            if i > s { result.append((String(decoding: t[s..<i], as: UTF8.self).lowercased(), s..<i)) }
        }
        return result
    }
}
