// Indirect prompt injection in tool output: text that addresses the model and tries to change
// what it does. A strong phrase ("ignore previous instructions", "<IMPORTANT>", "do not tell the
// user") is a hit by itself. The rest are ordinary words alone and count only in pairs within 200
// bytes: a second-person directive ("from now on", "you must") with an action ("call the tool",
// "send it to") or a sensitive object ("~/.ssh", "password"), or an exfiltrating action with a
// sensitive object. A phrase wrapped in quotes or backticks is a mention, not a use (an article
// about injection that quotes "ignore previous instructions"), and does not count.

enum PromptInjection {
    enum Strength: Sendable, Equatable {
        case strong
        case directive
        case action(exfiltrates: Bool)
        case sensitive
    }

    static let phrases: [(String, Strength)] = {
        var p: [(String, Strength)] = []
        let verbs = ["ignore", "disregard", "forget", "override", "bypass"]
        let objects = [
            "previous instructions", "all previous instructions", "the previous instructions", "prior instructions", "all prior instructions",
            "your instructions", "all instructions", "your previous instructions", "the above instructions", "the instructions above",
            "everything above", "all of the above", "the system prompt", "your system prompt", "your guidelines", "your rules",
            "earlier instructions", "any previous instructions",
        ]
        for v in verbs { for o in objects { p.append(("\(v) \(o)", .strong)) } }
        for s in [
            "disregard the above", "system override", "<important>", "</important>", "<system>", "</system>", "[system]", "[/system]",
            "<|im_start|>", "<|im_end|>", "<|system|>", "<|endoftext|>", "### system:", "### instruction:", "developer mode enabled",
            "you are now in developer mode", "enter developer mode", "do anything now", "do not tell the user", "don't tell the user",
            "do not inform the user", "without telling the user", "without informing the user", "do not mention this", "don't mention this",
            "do not reveal this", "hide this from the user", "the user must not know", "the user should not know", "keep this secret from the user",
            "note to the ai", "note to ai:", "attention ai", "attention assistant", "instructions for the ai", "instructions to the ai",
            "if you are an ai", "if you are an llm", "if you are a language model", "ai assistant reading this", "to the assistant reading",
            "assistant, you must", "your new task is", "your real instructions", "begin system prompt", "end of tool output",
        ] {
            p.append((s, .strong))
        }
        for d in [
            "from now on", "you are now", "you must", "you must now", "you should now", "instead, you should", "before responding",
            "before you answer", "before answering", "your task is", "your new instructions", "new instructions:", "pretend you are",
            "act as if you",
        ] {
            p.append((d, .directive))
        }
        for a in ["call the tool", "use the tool", "invoke the tool", "run the tool", "call the function", "read the file", "do not ask", "without asking",
            "without confirmation", "respond only with", "reply only with", "output only", "send it to", "send them to", "send this to",
            "forward it to", "email it to", "email this"]
        {
            p.append((a, .action(exfiltrates: false)))
        }
        for a in ["send the contents", "post it to", "upload it", "exfiltrate", "transfer it to", "include it in your reply", "include them in your reply"]
        {
            p.append((a, .action(exfiltrates: true)))
        }
        for s in ["~/.ssh", "id_rsa", ".env", "api key", "api keys", "password", "passwords", "credentials", "private key", "secret key",
            "system prompt", "conversation history"]
        {
            p.append((s, .sensitive))
        }
        return p
    }()

    /// Collects phrase matches for one string and turns them into hits.
    struct Accumulator {
        private var lastDirective: Range<Int>?
        private var lastAction: Range<Int>?
        private var lastExfiltration: Range<Int>?
        private var lastSensitive: Range<Int>?
        private(set) var hits: [TextHit] = []

        mutating func add(phrase: Int, strength: Strength, range: Range<Int>, in t: UnsafeBufferPointer<UInt8>) {
            if PromptInjection.isMention(range, in: t) { return }
            // Phrases that are letters at both ends must stand as words ("the ai" is not "the aisle").
            let text = PromptInjection.phrases[phrase].0.utf8
            if let first = text.first, ByteClass.isLetter(first), ByteClass.wordAt(t, range.lowerBound - 1) { return }
            if let last = text.last, ByteClass.isLetter(last), ByteClass.wordAt(t, range.upperBound) { return }
            func near(_ other: Range<Int>?) -> Range<Int>? {
                guard let other, !other.overlaps(range) else { return nil }
                let gap = other.upperBound <= range.lowerBound ? range.lowerBound - other.upperBound : other.lowerBound - range.upperBound
                return gap <= 200 ? min(other.lowerBound, range.lowerBound)..<max(other.upperBound, range.upperBound) : nil
            }
            func hit(_ r: Range<Int>) {
                hits.append(TextHit(detector: .promptInjection, kind: "instruction", range: r))
                lastDirective = nil
                lastAction = nil
                lastExfiltration = nil
                lastSensitive = nil
            }
            switch strength {
            case .strong:
                hits.append(TextHit(detector: .promptInjection, kind: "instruction", range: range))
            case .directive:
                if let r = near(lastAction) ?? near(lastSensitive) { return hit(r) }
                lastDirective = range
            case .action(let exfiltrates):
                if let r = near(lastDirective) ?? (exfiltrates ? near(lastSensitive) : nil) { return hit(r) }
                lastAction = range
                if exfiltrates { lastExfiltration = range }
            case .sensitive:
                if let r = near(lastDirective) ?? near(lastExfiltration) { return hit(r) }
                lastSensitive = range
            }
        }
    }

    /// Whether the phrase at `r` is quoted: a quote or backtick just before and just after it.
    static func isMention(_ r: Range<Int>, in t: UnsafeBufferPointer<UInt8>) -> Bool {
        func quoteBefore() -> Bool {
            var i = r.lowerBound - 1
            if i >= 0, t[i] == 0x20 { i -= 1 }
            guard i >= 0 else { return false }
            if t[i] == 0x22 || t[i] == 0x27 || t[i] == 0x60 { return true }
            // “ (E2 80 9C) and ‘ (E2 80 98)
            return i >= 2 && t[i - 2] == 0xE2 && t[i - 1] == 0x80 && (t[i] == 0x9C || t[i] == 0x98)
        }
        func quoteAfter() -> Bool {
            var i = r.upperBound
            while i < t.count, i - r.upperBound < 3, t[i] == 0x2E || t[i] == 0x2C || t[i] == 0x3A || t[i] == 0x21 { i += 1 }
            guard i < t.count else { return false }
            if t[i] == 0x22 || t[i] == 0x27 || t[i] == 0x60 { return true }
            return i + 2 < t.count && t[i] == 0xE2 && t[i + 1] == 0x80 && (t[i + 2] == 0x9D || t[i + 2] == 0x99)
        }
        return quoteBefore() && quoteAfter()
    }
}
