// Parse errors say where (line and column) and what was expected versus found, with a code that
// tells the kinds apart.

import Testing

@testable import Cedar

@Suite struct ParseErrorTests {
    /// The error from parsing `text` as a policy set; fails the test if it parses.
    func error(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> ParseError? {
        do {
            _ = try PolicySet(cedar: text)
            Issue.record("expected a parse error for: \(text)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    @Test func missingOperandNamesExpectedAndFound() throws {
        let e = try #require(error("permit(principal, action, resource)\nwhen { principal.age > };"))
        #expect(e.code == .unexpectedToken)
        #expect(e.line == 2)
        #expect(e.column == 24)
        #expect(e.message == "expected an expression, found `}`")
        #expect(e.description == "2:24: expected an expression, found `}`")
    }

    @Test func missingSemicolonAtEndOfInput() throws {
        let e = try #require(error("permit(principal, action, resource)"))
        #expect(e.message == "expected `;`, found end of input")
        #expect(e.line == 1 && e.column == 36)
    }

    @Test func columnsCountUnicodeScalarsAfterComments() throws {
        let e = try #require(error("// ünïcödé comment\n  permit(principal, action, resource) when { \"é\" + };"))
        #expect(e.line == 2)
        #expect(e.column == 52)
    }

    @Test func unknownFunctionAndMethod() throws {
        let f = try #require(error("permit(principal, action, resource) when { foo(1) };"))
        #expect(f.code == .invalidExpression)
        #expect(f.message == "`foo` is not a valid function")
        let m = try #require(error("permit(principal, action, resource) when { context.x.bar() };"))
        #expect(m.message == "`bar` is not a valid method")
        let wrongStyle = try #require(error("permit(principal, action, resource) when { context.s.ip() };"))
        #expect(wrongStyle.message == "`ip` is a function, not a method")
    }

    @Test func builtinMethodArityIsCheckedAtParseTime() throws {
        let e = try #require(error("permit(principal, action, resource) when { [1].contains(1, 2) };"))
        #expect(e.message == "call to `contains` requires exactly 1 argument, but got 2")
    }

    @Test func reservedWordsAndNamespaces() throws {
        let attr = try #require(error("permit(principal, action, resource) when { principal.if == 1 };"))
        #expect(attr.code == .invalidName)
        #expect(attr.message.contains("reserved"))
        let ns = try #require(error("permit(principal, action, resource) when { __cedar::User::\"a\" == principal };"))
        #expect(ns.message.contains("`__cedar`"))
    }

    @Test func literalsAndEscapes() throws {
        let big = try #require(error("permit(principal, action, resource) when { 9223372036854775808 == 1 };"))
        #expect(big.code == .invalidLiteral)
        #expect(big.message == "integer literal `9223372036854775808` is too large")
        let escape = try #require(error("permit(principal, action, resource) when { \"a\\qb\" == \"q\" };"))
        #expect(escape.code == .invalidEscape)
        #expect(escape.message == "the input `\\q` is not a valid escape")
        #expect(escape.column == 44)
        let open = try #require(error("permit(principal, action, resource) when { \"abc };"))
        #expect(open.code == .invalidToken)
        #expect(open.message == "unterminated string literal")
    }

    @Test func nonAssociativeRelationsAndUnsupportedOperators() throws {
        let chain = try #require(error("permit(principal, action, resource) when { 1 < 2 < 3 };"))
        #expect(chain.code == .invalidExpression)
        #expect(chain.message.hasPrefix("multiple relational operators"))
        let division = try #require(error("permit(principal, action, resource) when { 4 / 2 == 2 };"))
        #expect(division.message == "division is not supported")
        let bangs = try #require(error("permit(principal, action, resource) when { !!!!!true };"))
        #expect(bangs.message == "too many occurrences of `!`")
    }

    @Test func scopeRules() throws {
        let list = try #require(error("permit(principal in [Group::\"g\"], action, resource);"))
        #expect(list.code == .invalidScope)
        #expect(list.message == "expected single entity uid or template slot, found set of entity uids")
        let actionIs = try #require(error("permit(principal, action is Action, resource);"))
        #expect(actionIs.message == "`is` cannot appear in the action scope")
        let isEq = try #require(error("permit(principal is User == User::\"a\", action, resource);"))
        #expect(isEq.message == "`is` cannot be used together with `==`")
        let order = try #require(error("permit(action, principal, resource);"))
        #expect(order.message == "found the variable `action` where the variable `principal` must be used")
        let missing = try #require(error("permit(principal, action);"))
        #expect(missing.message == "this policy is missing the `resource` variable in the scope")
        let actionType = try #require(error("permit(principal, action == User::\"x\", resource);"))
        #expect(actionType.message == "expected an entity uid with type `Action` but got `User::\"x\"`")
        let slot = try #require(error("permit(principal in ?resource, action, resource);"))
        #expect(slot.message.contains("?resource instead of ?principal"))
    }

    @Test func slotsOnlyInScopeAndEffectWords() throws {
        let slot = try #require(error("permit(principal, action, resource) when { ?principal == principal };"))
        #expect(slot.code == .invalidPolicy)
        let effect = try #require(error("allow(principal, action, resource);"))
        #expect(effect.message == "expected `permit` or `forbid`, found `allow`")
        let cond = try #require(error("permit(principal, action, resource) if { true };"))
        #expect(cond.message == "expected `when` or `unless`, found `if`")
        let empty = try #require(error("permit(principal, action, resource) when { };"))
        #expect(empty.message == "the `when` clause is empty")
    }

    @Test func duplicatesAreRejected() throws {
        let annotation = try #require(error("@a(\"x\") @a(\"y\") permit(principal, action, resource);"))
        #expect(annotation.code == .duplicateAnnotation)
        #expect(annotation.message == "duplicate annotation @a")
        let key = try #require(error("permit(principal, action, resource) when { {a: 1, a: 2} == {a: 1} };"))
        #expect(key.code == .duplicateKey)
    }

    @Test func idAnnotationCollisionIsAnError() {
        #expect(throws: ParseError.self) {
            try PolicySet(
                cedar: "@id(\"x\") permit(principal, action, resource); @id(\"x\") forbid(principal, action, resource);",
                idAnnotation: "id")
        }
    }

    @Test func jsonErrorsHavePositions() throws {
        do {
            _ = try Entities(json: "[\n  {\"uid\": {\"type\": \"User\", \"id\": \"a\"},\n   \"attrs\": {\"x\": 1.5}, \"parents\": []}\n]")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidValue)
            #expect(error.message.contains("1.5 is not a 64-bit integer"))
        }
        do {
            _ = try Entities(json: "[{\"uid\": {\"type\": \"User\", \"id\": \"a\"}, \"attrs\": {}, \"parents\": [}]")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidJSON)
            #expect(error.line == 1)
            #expect(error.column == 64)
        }
    }

    @Test func schemaErrorsHavePositions() throws {
        do {
            _ = try Schema(cedarschema: "entity User;\naction view appliesTo { principal: [User], resource: [Nope] };")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidSchema)
            #expect(error.message.contains("`Nope`"))
        }
        do {
            _ = try Schema(cedarschema: "entity User {\n  name String\n};")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unexpectedToken)
            #expect(error.line == 2 && error.column == 8)
            #expect(error.message == "expected `:`, found `String`")
        }
    }
}
