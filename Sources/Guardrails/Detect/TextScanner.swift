// Runs the enabled detectors over one string in a single pass: each byte advances the shared
// keyword automaton (secret prefixes, SQL and path keywords, injection phrases) and, when it is a
// trigger byte ('@', a digit starting a run, ':', a shell metacharacter, a quote, '.', a capital
// letter starting a word), runs the bounded check that byte starts. Nothing is compiled per call:
// the automaton and the trigger table are built once, on first use.

/// The detectors of one call, ready to scan strings.
public struct TextScanner: Sendable {
    private let enabled: UInt32
    private let triggerMask: UInt8

    /// - Parameter detectors: The detectors to run (others are skipped at no cost).
    public init(_ detectors: some Sequence<DetectorID>) {
        var enabled: UInt32 = 0
        for d in detectors { enabled |= 1 << UInt32(d.ordinal) }
        self.enabled = enabled
        var mask: UInt8 = 0
        func on(_ d: DetectorID) -> Bool { enabled & (1 << UInt32(d.ordinal)) != 0 }
        if on(.email) { mask |= Trigger.at }
        if on(.paymentCard) || on(.nationalID) || on(.phone) { mask |= Trigger.digit }
        if on(.phone) { mask |= Trigger.phoneStart }
        if on(.iban) || on(.nationalID) { mask |= Trigger.capital }
        if on(.ssrf) { mask |= Trigger.colon }
        if on(.shellInjection) { mask |= Trigger.shell }
        if on(.sqlInjection) { mask |= Trigger.quote }
        if on(.pathTraversal) { mask |= Trigger.dot }
        self.triggerMask = mask
    }

    /// The detectors that run on `phase` with an action other than `off`.
    public init(actions: DetectorActions, phase: Phase) {
        self.init(DetectorID.allCases.filter { $0.runs(in: phase) && actions[$0] != .off })
    }

    /// The smallest keyword automaton holding the enabled detectors' keywords: the arguments
    /// phase's (injection keywords, secrets), the results phase's (secrets, injection phrases), or
    /// both for a scanner that mixes them. A smaller automaton stays in cache.
    private static let argumentOnly: UInt32 = [DetectorID.shellInjection, .sqlInjection, .pathTraversal, .ssrf].reduce(0) { $0 | 1 << UInt32($1.ordinal) }
    private static let resultOnly: UInt32 = 1 << UInt32(DetectorID.promptInjection.ordinal)

    private var keywords: RuntimeKeywords {
        switch (enabled & Self.argumentOnly != 0, enabled & Self.resultOnly != 0) {
        case (true, true): return RuntimeKeywords.all
        case (true, false): return RuntimeKeywords.arguments
        default: return RuntimeKeywords.results
        }
    }

    public var isEmpty: Bool { enabled == 0 }

    @inline(__always) private func on(_ d: DetectorID) -> Bool { enabled & (1 << UInt32(d.ordinal)) != 0 }

    /// Every hit in `t`, in order of their starts; hits of one detector do not overlap, hits of
    /// different detectors may (a shell command that reads `/etc/passwd` is both).
    public func scan(_ t: UnsafeBufferPointer<UInt8>) -> [TextHit] {
        guard enabled != 0, !t.isEmpty else { return [] }
        let keywords = self.keywords
        let m = keywords.matcher
        var state = ScanState()
        // One loop, no closures: each byte may start a bounded check (its trigger group) and
        // advances the keyword automaton.
        m.classOf.withUnsafeBufferPointer { classOf in
            m.steps.withUnsafeBufferPointer { steps in
                m.outputRanges.withUnsafeBufferPointer { outputRanges in
                    m.outputs.withUnsafeBufferPointer { outputs in
                        Trigger.table.withUnsafeBufferPointer { triggers in
                            var offset = 0
                            let classCount = m.classCount
                            let mask = triggerMask
                            let n = t.count
                            for i in 0..<n {
                                let b = t[i]
                                let group = triggers[Int(b)] & mask
                                if group != 0 {
                                    // Cheap tests first: most capitals start ordinary words, most
                                    // digits continue a number already judged.
                                    switch group {
                                    case Trigger.capital:
                                        if i + 1 < n, ByteClass.isUpper(t[i + 1]) { trigger(group, at: i, in: t, &state) }
                                    case Trigger.digit:
                                        if i >= state.numberSkip, i == 0 || !ByteClass.isAlnum(t[i - 1]) { trigger(group, at: i, in: t, &state) }
                                    default:
                                        trigger(group, at: i, in: t, &state)
                                    }
                                }
                                let step = Int(steps[offset &+ Int(classOf[Int(b)])])
                                offset = step >> 1
                                if step & 1 == 0 { continue }
                                for o in outputRanges[offset / classCount] { keyword(Int(outputs[Int(o)]), end: i + 1, in: t, keywords, &state) }
                            }
                        }
                    }
                }
            }
        }
        if on(.ssrf), !state.hits.contains(where: { $0.detector == .ssrf }), let hit = ServerSideRequestForgery.bareHost(in: t) { state.hits.append(hit) }
        if on(.sqlInjection), let hit = SQLInjection.stackedAfterNumber(in: t) { state.hits.append(hit) }
        state.hits += state.injection.hits
        return Self.withoutOverlaps(state.hits)
    }

    /// What a scan carries from byte to byte.
    private struct ScanState {
        var hits: [TextHit] = []
        var injection = PromptInjection.Accumulator()
        /// Number-like runs already judged end here; checks do not restart inside them.
        var numberSkip = 0
    }

    /// A keyword of the shared automaton ended at `end`.
    private func keyword(_ keyword: Int, end: Int, in t: UnsafeBufferPointer<UInt8>, _ keywords: RuntimeKeywords, _ state: inout ScanState) {
        let entry = keywords.entries[keyword]
        guard enabled & entry.detectorBit != 0 else { return }
        let length = keywords.lengths[keyword]
        switch entry.kind {
        case .secret(let index):
            let pattern = Secrets.patterns[index]
            let start = end - length
            guard start >= 0 else { return }
            if pattern.exactCase {
                let exact = keywords.exactBytes[keyword]
                for j in 0..<exact.count where t[start + j] != exact[j] { return }
            }
            if let r = pattern.verify(t, start..<end) { state.hits.append(TextHit(detector: .secrets, kind: pattern.kind, range: r)) }
        case .sql(let word):
            if let hit = SQLInjection.atKeyword(word, range: (end - length)..<end, in: t) { state.hits.append(hit) }
        case .path(let kind):
            if let hit = PathTraversal.atKeyword(kind: kind, range: (end - length)..<end, in: t) { state.hits.append(hit) }
        case .shellEncoded:
            let start = end - length
            if let (name, _) = ShellInjection.commandWord(at: ByteClass.skipSpaces(t, from: end, limit: 4), in: t), ShellInjection.commands.contains(name) {
                state.hits.append(TextHit(detector: .shellInjection, kind: "encoded_separator", range: start..<min(t.count, end + 32)))
            }
        case .injection(let phrase, let strength):
            let start = keywords.matcher.start(of: keyword, endingAt: end, in: t)
            state.injection.add(phrase: phrase, strength: strength, range: start..<end, in: t)
        }
    }

    /// A byte of trigger group `group` at `i`.
    private func trigger(_ group: UInt8, at i: Int, in t: UnsafeBufferPointer<UInt8>, _ state: inout ScanState) {
        let b = t[i]
        switch group {
        case Trigger.at:
            if let r = PersonalData.email(at: i, in: t) { state.hits.append(TextHit(detector: .email, kind: "email", range: r)) }
        case Trigger.digit, Trigger.phoneStart:
            guard i >= state.numberSkip else { return }
            if b == 0x2B || b == 0x28 {
                guard i + 1 < t.count, ByteClass.isDigit(t[i + 1]) || t[i + 1] == 0x20 else { return }
            } else if i > 0, ByteClass.isAlnum(t[i - 1]) {
                return
            }
            let (hit, end) = PersonalData.number(at: i, in: t, card: on(.paymentCard), nationalID: on(.nationalID), phone: on(.phone))
            if let hit { state.hits.append(hit) }
            state.numberSkip = end
        case Trigger.capital:
            guard i >= state.numberSkip, i == 0 || !ByteClass.isAlnum(t[i - 1]) else { return }
            let (hit, end) = PersonalData.letters(at: i, in: t, iban: on(.iban), nationalID: on(.nationalID))
            if let hit { state.hits.append(hit) }
            state.numberSkip = max(state.numberSkip, end)
        case Trigger.colon:
            if let hit = ServerSideRequestForgery.url(colon: i, in: t) { state.hits.append(hit) }
        case Trigger.shell:
            if let hit = ShellInjection.at(i, in: t) { state.hits.append(hit) }
        case Trigger.quote:
            if let hit = SQLInjection.afterQuote(i, in: t) { state.hits.append(hit) }
        case Trigger.dot:
            if let hit = PathTraversal.dotDot(at: i, in: t) { state.hits.append(hit) }
        default:
            break
        }
    }

    /// Earliest first; of hits starting together the longest; a later hit of the same detector
    /// overlapping a kept one is dropped.
    static func withoutOverlaps(_ hits: [TextHit]) -> [TextHit] {
        guard hits.count > 1 else { return hits }
        let sorted = hits.sorted { a, b in
            a.range.lowerBound != b.range.lowerBound ? a.range.lowerBound < b.range.lowerBound : a.range.count > b.range.count
        }
        var kept: [TextHit] = []
        for h in sorted {
            if kept.contains(where: { $0.detector == h.detector && ($0.range.overlaps(h.range) || $0.range == h.range) }) { continue }
            kept.append(h)
        }
        return kept
    }
}

/// Trigger groups: which bytes start which checks.
enum Trigger {
    static let at: UInt8 = 1
    static let digit: UInt8 = 2
    static let phoneStart: UInt8 = 4
    static let capital: UInt8 = 8
    static let colon: UInt8 = 16
    static let shell: UInt8 = 32
    static let quote: UInt8 = 64
    static let dot: UInt8 = 128

    /// Byte → its trigger group (one group per byte).
    static let table: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        t[Int(UInt8(ascii: "@"))] = at
        for d in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(d)] = digit }
        t[Int(UInt8(ascii: "+"))] = phoneStart
        t[Int(UInt8(ascii: "("))] = phoneStart
        for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(c)] = capital }
        t[Int(UInt8(ascii: ":"))] = colon
        for s in [";", "&", "|", "`", "$", ">", "\n", "\r"] { t[Int(UInt8(ascii: Unicode.Scalar(s)!))] = shell }
        t[Int(UInt8(ascii: "'"))] = quote
        t[Int(UInt8(ascii: "\""))] = quote
        t[Int(UInt8(ascii: "."))] = dot
        return t
    }()
}

/// The one automaton of every runtime keyword, with what each keyword means.
final class RuntimeKeywords: Sendable {
    enum Kind: Sendable {
        case secret(Int)
        case sql(String)
        case path(String)
        case shellEncoded
        case injection(Int, PromptInjection.Strength)
    }

    struct Entry: Sendable {
        var kind: Kind
        var detectorBit: UInt32
    }

    /// Keywords of the argument detectors (and secrets).
    static let arguments = RuntimeKeywords(phase: .arguments)
    /// Keywords of the result detectors (secrets and injection phrases).
    static let results = RuntimeKeywords(phase: .result)
    /// Every keyword.
    static let all = RuntimeKeywords(phase: nil)

    let matcher: KeywordMatcher
    let entries: [Entry]
    /// Byte length of each keyword as written (for keywords without spaces, the match length).
    let lengths: [Int]
    /// Each keyword's bytes as written (for the case-sensitive ones).
    let exactBytes: [[UInt8]]

    private init(phase: Phase?) {
        var words: [String] = []
        var entries: [Entry] = []
        func add(_ word: String, _ kind: Kind, _ detector: DetectorID) {
            if let phase, !detector.runs(in: phase) { return }
            words.append(word)
            entries.append(Entry(kind: kind, detectorBit: 1 << UInt32(detector.ordinal)))
        }
        for (i, p) in Secrets.patterns.enumerated() { add(p.keyword, .secret(i), .secrets) }
        for w in SQLInjection.keywords { add(w, .sql(w), .sqlInjection) }
        for (w, kind) in PathTraversal.keywords { add(w, .path(kind), .pathTraversal) }
        for w in ["%0a", "%0d", "%3b", "%26%26", "%7c"] { add(w, .shellEncoded, .shellInjection) }
        for (i, (phrase, strength)) in PromptInjection.phrases.enumerated() {
            add(phrase, .injection(i, strength), .promptInjection)
            if phrase.contains("'") { add(phrase.replacingOccurrences(of: "'", with: "\u{2019}"), .injection(i, strength), .promptInjection) }
        }
        matcher = KeywordMatcher(words)
        self.entries = entries
        lengths = words.map { $0.utf8.count }
        exactBytes = words.map { Array($0.utf8) }
    }
}
