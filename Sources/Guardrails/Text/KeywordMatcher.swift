// Aho-Corasick over UTF-8 bytes, compiled once: many keywords found in one pass with no
// backtracking, whatever the input. ASCII letters match case-insensitively and a run of
// whitespace in the text matches one space in a keyword, so "Ignore   previous\ninstructions"
// matches "ignore previous instructions". The automaton is a full transition table over byte
// classes (the bytes keywords use, plus one class for every other byte), so a step is one load.

/// A compiled set of keywords.
public struct KeywordMatcher: Sendable {
    /// One keyword occurrence: which keyword, and the byte offset just past it.
    public struct Match: Sendable, Equatable {
        public var keyword: Int
        public var end: Int
    }

    /// The keywords as given (lowercased, whitespace collapsed).
    public let keywords: [[UInt8]]
    let classOf: [UInt8]
    let classCount: Int
    let whitespaceClass: UInt8
    let transitions: [UInt16]
    /// The same automaton for the hot loop: entry `state * classCount + class` holds the next
    /// state already multiplied by `classCount`, shifted left once, with the low bit set when
    /// keywords end there, so a step is a load, a shift and an add.
    let steps: [Int32]
    /// Per state: the range of `outputs` holding keywords that end there.
    let outputRanges: [Range<Int32>]
    let outputs: [Int32]

    /// Compiles `keywords` (at most ~60,000 states in all).
    public init(_ keywords: [String]) {
        let normalized = keywords.map { Self.normalize(Array($0.utf8)) }
        self.keywords = normalized

        // Byte classes: 0 = any byte no keyword uses; whitespace shares the class of " ".
        var classOf = [UInt8](repeating: 0, count: 256)
        var next: UInt8 = 1
        for k in normalized {
            for b in k where classOf[Int(b)] == 0 {
                classOf[Int(b)] = next
                next += 1
            }
        }
        if classOf[0x20] == 0 {
            classOf[0x20] = next
            next += 1
        }
        let ws = classOf[0x20]
        for b in [0x09, 0x0A, 0x0D, 0x0C, 0x0B] { classOf[b] = ws }
        for upper in UInt8(ascii: "A")...UInt8(ascii: "Z") { classOf[Int(upper)] = classOf[Int(upper | 0x20)] }
        let classCount = Int(next)

        // Trie.
        var goto: [[Int32]] = [Array(repeating: -1, count: classCount)]
        var out: [[Int32]] = [[]]
        var trieEdges: [(Int, Int, Int)] = []  // (from, class, to)
        for (index, k) in normalized.enumerated() {
            var state = 0
            for b in k {
                let c = Int(classOf[Int(b)])
                if goto[state][c] < 0 {
                    goto[state][c] = Int32(goto.count)
                    trieEdges.append((state, c, goto.count))
                    goto.append(Array(repeating: -1, count: classCount))
                    out.append([])
                }
                state = Int(goto[state][c])
            }
            out[state].append(Int32(index))
        }
        precondition(goto.count < Int(UInt16.max), "too many keyword states")

        // Failure links by breadth-first search, turning the trie into a complete automaton.
        var fail = [Int](repeating: 0, count: goto.count)
        var queue: [Int] = []
        for c in 0..<classCount {
            if goto[0][c] < 0 { goto[0][c] = 0 } else {
                fail[Int(goto[0][c])] = 0
                queue.append(Int(goto[0][c]))
            }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            out[state] += out[fail[state]]
            for c in 0..<classCount {
                let target = goto[state][c]
                if target < 0 {
                    goto[state][c] = goto[fail[state]][c]
                } else {
                    fail[Int(target)] = Int(goto[fail[state]][c])
                    queue.append(Int(target))
                }
            }
        }

        var transitions = [UInt16](repeating: 0, count: goto.count * classCount)
        for (s, row) in goto.enumerated() {
            for c in 0..<classCount { transitions[s * classCount + c] = UInt16(row[c]) }
        }
        // A whitespace run matches one space: a state entered by a space stays put on more
        // whitespace, so the hot loop needs no test for runs.
        var enteredBySpace = [Bool](repeating: false, count: goto.count)
        for row in trieEdges where row.1 == Int(ws) { enteredBySpace[row.2] = true }
        var steps = [Int32](repeating: 0, count: goto.count * classCount)
        for (s, row) in goto.enumerated() {
            for c in 0..<classCount {
                let target = c == Int(ws) && enteredBySpace[s] ? s : Int(row[c])
                steps[s * classCount + c] = Int32(target * classCount) << 1 | (out[target].isEmpty ? 0 : 1)
            }
        }
        self.steps = steps
        var outputs: [Int32] = []
        var ranges: [Range<Int32>] = []
        for o in out {
            let start = Int32(outputs.count)
            outputs += o
            ranges.append(start..<Int32(outputs.count))
        }
        self.classOf = classOf
        self.classCount = classCount
        self.whitespaceClass = ws
        self.transitions = transitions
        self.outputRanges = ranges
        self.outputs = outputs
    }

    /// Every occurrence in `text`, in order of their ends.
    public func matches(in text: UnsafeBufferPointer<UInt8>) -> [Match] {
        var found: [Match] = []
        scan(text) { found.append(Match(keyword: $0, end: $1)) }
        return found
    }

    /// Calls `body(keyword, end)` for every occurrence in `text`, in order of their ends.
    @inline(__always)
    public func scan(_ text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        classOf.withUnsafeBufferPointer { classOf in
            transitions.withUnsafeBufferPointer { transitions in
                var state = 0
                var previousWasSpace = false
                let classCount = self.classCount
                let ws = whitespaceClass
                for i in 0..<text.count {
                    let c = classOf[Int(text[i])]
                    if c == ws {
                        if previousWasSpace { continue }
                        previousWasSpace = true
                    } else {
                        previousWasSpace = false
                    }
                    state = Int(transitions[state &* classCount &+ Int(c)])
                    let r = outputRanges[state]
                    if r.isEmpty { continue }
                    for o in r { body(Int(outputs[Int(o)]), i + 1) }
                }
            }
        }
    }

    /// Where the occurrence of keyword `index` ending at `end` starts (walking back over the
    /// keyword, a whitespace run per space).
    public func start(of index: Int, endingAt end: Int, in text: UnsafeBufferPointer<UInt8>) -> Int {
        var position = end
        let keyword = keywords[index]
        var k = keyword.count - 1
        while k >= 0, position > 0 {
            if keyword[k] == 0x20 {
                position -= 1
                while position > 0, ByteClass.isSpace(text[position - 1]) { position -= 1 }
            } else {
                position -= 1
            }
            k -= 1
        }
        return position
    }

    /// Lowercase ASCII, whitespace runs to one space.
    private static func normalize(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        for b in bytes {
            let lowered = ByteClass.lower(b)
            if ByteClass.isSpace(lowered) {
                if result.last == 0x20 { continue }
                result.append(0x20)
            } else {
                result.append(lowered)
            }
        }
        return result
    }
}
