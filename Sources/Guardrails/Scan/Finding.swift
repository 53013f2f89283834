// What scanning a definition reports: a rule, its severity, the exact evidence (where in the
// definition and which characters) and a one-line explanation. Stored with catalog items, shown
// by `gatehouse tools list`, `gatehouse scan` and the admin API, and given to policy.
import JSONSchema

/// One risk found in a tool, prompt or resource-template definition.
public struct Finding: Codable, Sendable, Hashable {
    /// A stable dotted id: `poisoning.hidden_tag`, `parameter.free_form_command`, …
    public var rule: String
    public var severity: Severity
    /// One line: what the rule means for this item.
    public var explanation: String
    public var evidence: Evidence

    public init(rule: String, severity: Severity, explanation: String, evidence: Evidence) {
        self.rule = rule
        self.severity = severity
        self.explanation = explanation
        self.evidence = evidence
    }

    /// Where the finding is: a JSON pointer into the definition, a range of Unicode scalars in
    /// that string (`start` inclusive, `end` exclusive), and an excerpt with invisible characters
    /// spelled out (`<U+200B>`).
    public struct Evidence: Codable, Sendable, Hashable {
        public var path: String
        public var start: Int
        public var end: Int
        public var excerpt: String

        public init(path: String, start: Int, end: Int, excerpt: String) {
            self.path = path
            self.start = start
            self.end = end
            self.excerpt = excerpt
        }
    }

    /// `high poisoning.hidden_tag /description[12..23] "<IMPORTANT>"`.
    public var summary: String {
        "\(severity) \(rule) \(evidence.path)[\(evidence.start)..\(evidence.end)]"
    }
}

extension [Finding] {
    /// The most severe finding's severity, or `nil` for none.
    public var maxSeverity: Severity? { map(\.severity).max() }
}

/// What is scanned.
public enum ItemKind: String, Codable, Sendable, CaseIterable {
    case tool
    case prompt
    case resourceTemplate = "resource_template"
}

/// One definition to scan.
public struct ScanItem: Sendable {
    public var kind: ItemKind
    public var name: String
    public var definition: JSONObject

    public init(kind: ItemKind, name: String, definition: JSONObject) {
        self.kind = kind
        self.name = name
        self.definition = definition
    }
}

/// What the scanner knows beyond the item itself: the other tools of the same server (references
/// to them are normal), and the tools of other servers (references to them are shadowing).
public struct ScanContext: Sendable {
    /// Tool names of the server being scanned.
    public var siblings: Set<String>
    /// Other servers' tool names, by server slug.
    public var otherServers: [String: [String]]

    public init(siblings: Set<String> = [], otherServers: [String: [String]] = [:]) {
        self.siblings = siblings
        self.otherServers = otherServers
    }
}

/// The rules, each with its default severity and explanation.
public enum ScanRule: String, CaseIterable, Sendable {
    case overrideInstructions = "poisoning.override_instructions"
    case hiddenTag = "poisoning.hidden_tag"
    case sensitiveAccess = "poisoning.sensitive_access"
    case conceal = "poisoning.conceal"
    case toolInstruction = "poisoning.tool_instruction"
    case modelDirected = "poisoning.model_directed"
    case imperative = "poisoning.imperative"
    case crossServerReference = "shadowing.cross_server_reference"
    case nameCollision = "shadowing.name_collision"
    case invisibleCharacters = "deception.invisible_characters"
    case homoglyph = "deception.homoglyph"
    case longDescription = "deception.long_description"
    case encodedBlob = "deception.encoded_blob"
    case freeFormCommand = "parameter.free_form_command"
    case freeFormSQL = "parameter.free_form_sql"
    case freeFormPath = "parameter.free_form_path"
    case freeFormURL = "parameter.free_form_url"
    case destructive = "capability.destructive"
    case openWorld = "capability.open_world"

    public var severity: Severity {
        switch self {
        case .overrideInstructions, .sensitiveAccess, .conceal: .critical
        case .hiddenTag, .crossServerReference, .invisibleCharacters, .homoglyph, .freeFormCommand: .high
        case .toolInstruction, .modelDirected, .nameCollision, .encodedBlob, .freeFormSQL, .destructive: .medium
        case .imperative, .longDescription, .freeFormPath, .freeFormURL, .openWorld: .low
        }
    }

    public var explanation: String {
        switch self {
        case .overrideInstructions: "Tells the model to ignore or replace its instructions."
        case .hiddenTag: "Wraps text in a tag or comment aimed at the model (<IMPORTANT>, <SYSTEM>, <!-- -->), a common way to hide instructions."
        case .sensitiveAccess: "Asks the model to read or pass on files, credentials or conversation data the tool has no need for."
        case .conceal: "Asks the model to keep what it does from the user."
        case .toolInstruction: "Tells the model to call or use other tools, steering it beyond this tool."
        case .modelDirected: "Addresses the model directly with instructions about its behaviour."
        case .imperative: "Gives the model a standing order (always, never, make sure …) rather than describing the tool."
        case .crossServerReference: "Mentions a tool of another server, which can change how the model uses that tool (tool shadowing)."
        case .nameCollision: "Has the same name as a tool of another server, so the model may call the wrong one."
        case .invisibleCharacters: "Contains invisible or direction-changing characters that hide text from people reviewing the tool."
        case .homoglyph: "Mixes look-alike letters from different scripts, so the text reads differently from what it is."
        case .longDescription: "Is unusually long, which leaves room to bury instructions."
        case .encodedBlob: "Holds an encoded blob (base64, hex or escapes) that decodes to text the reviewer cannot read."
        case .freeFormCommand: "Takes a free-form command or code string with no enum or pattern: whatever the model writes is run."
        case .freeFormSQL: "Takes free-form SQL with no enum or pattern."
        case .freeFormPath: "Takes a free-form file path with no enum or pattern."
        case .freeFormURL: "Takes a free-form URL or host with no enum or pattern, a server-side request forgery surface."
        case .destructive: "Declares itself destructive (annotations.destructiveHint)."
        case .openWorld: "Declares that it reaches the open world (annotations.openWorldHint)."
        }
    }
}
