import Testing
@testable import Cedar
@Test func placeholder() { #expect(Bool(true)) }
