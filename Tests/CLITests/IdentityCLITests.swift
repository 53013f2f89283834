// `gatehouse users …` and `gatehouse certificates …` on a data folder: passwords come from the
// environment (or standard input), are stored hashed and never printed.
import Foundation
import Testing

@testable import Registry

@Suite struct IdentityCLITests {
    @Test func usersAreAddedListedAndRemovedWithoutPrintingPasswords() async throws {
        let workspace = try Workspace()
        try workspace.write("gatehouse.yaml", CLITests.example)
        #expect(try await workspace.gatehouse("apply", "-f", "gatehouse.yaml").status == 0)
        let added = try await workspace.gatehouse("users", "add", "ada", "--app", "ci-agent", "--groups", "eng,ops", "--password-env", "PW", environment: ["PW": "correct horse battery"])
        #expect(added.status == 0, "\(added.all)")
        #expect(added.all.contains("added user ada (application ci-agent)"))
        let short = try await workspace.gatehouse("users", "add", "bob", "--password-env", "PW", environment: ["PW": "short"])
        #expect(short.status != 0)
        #expect(short.all.contains("the password has 5 characters; use at least 8"), "\(short.all)")
        let list = try await workspace.gatehouse("users", "list")
        #expect(list.all.contains("ada") && list.all.contains("eng,ops") && list.all.contains("set"))
        #expect(!list.all.contains("correct horse") && !list.all.contains("scrypt"))
        let hash = try await workspace.gatehouse("users", "hash-password", "--password-env", "PW", environment: ["PW": "another good one"])
        #expect(hash.all.hasPrefix("scrypt$15$8$1$"))
        let mapped = try await workspace.gatehouse("certificates", "map", "DNS:CI.Internal", "--app", "ci-agent")
        #expect(mapped.all.contains("mapped dns:ci.internal → ci-agent"), "\(mapped.all)")
        #expect(try await workspace.gatehouse("certificates", "list").all.contains("dns:ci.internal"))
        #expect(try await workspace.gatehouse("certificates", "unmap", "dns:ci.internal").status == 0)
        #expect(try await workspace.gatehouse("users", "remove", "ada").all.contains("removed user ada"))
    }
}

extension Invocation {
    /// Standard output and standard error together.
    var all: String { stdout + stderr }
}
