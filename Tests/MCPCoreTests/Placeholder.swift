import Testing
@testable import MCPCore
@Test func placeholder() { #expect(Bool(true)) }
