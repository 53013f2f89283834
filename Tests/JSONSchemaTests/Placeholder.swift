import Testing
@testable import JSONSchema
@Test func placeholder() { #expect(Bool(true)) }
