// MCP protocol revisions and their eras: "legacy" revisions negotiate once with `initialize` and
// may use sessions; "modern" ones (2026-07-28 on) carry version and capabilities on every request.

/// An MCP protocol revision, spelled as its date.
package struct ProtocolVersion: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    package let rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
    package init(_ rawValue: String) { self.rawValue = rawValue }

    package static let v2024_11_05 = Self("2024-11-05")
    package static let v2025_03_26 = Self("2025-03-26")
    package static let v2025_06_18 = Self("2025-06-18")
    package static let v2025_11_25 = Self("2025-11-25")
    package static let v2026_07_28 = Self("2026-07-28")

    /// Legacy (handshake) revisions Gatehouse speaks, newest first.
    package static let legacy: [ProtocolVersion] = [.v2025_11_25, .v2025_06_18, .v2025_03_26, .v2024_11_05]
    /// Modern (stateless) revisions Gatehouse speaks, newest first.
    package static let modern: [ProtocolVersion] = [.v2026_07_28]
    /// Every revision Gatehouse speaks, newest first.
    package static let all: [ProtocolVersion] = modern + legacy
    /// The newest legacy revision, offered when a client asks for one we do not know.
    package static let latestLegacy = ProtocolVersion.v2025_11_25
    package static let latestModern = ProtocolVersion.v2026_07_28

    /// Whether this revision is stateless (no `initialize`, no sessions, `_meta` on every request).
    package var isModern: Bool { rawValue >= Self.v2026_07_28.rawValue }
    package var isSupported: Bool { Self.all.contains(self) }

    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    package var description: String { rawValue }
}
