// The merged namespace rule: valid, deterministic, reversible, collision-free, and stable when
// tools are added.
import Testing

@testable import Gateway

struct MergedNamesTests {
    @Test func plainNamesArePrefixedBySlug() {
        #expect(MergedNames.candidate(server: "notes", name: "echo") == "notes__echo")
        #expect(MergedNames.candidate(server: "gh", name: "open-pr_2") == "gh__open-pr_2")
    }

    @Test(arguments: ["files.read", "résumé", "a b", "x/y", String(repeating: "long", count: 30), "", "ü" + String(repeating: "z", count: 70)])
    func everyNameMatchesTheLLMPattern(name: String) {
        let exposed = MergedNames.candidate(server: "some-server-with-a-long-slug", name: name)
        #expect(MergedNames.isValidExposedName(exposed), "\(exposed)")
        #expect(exposed.hasPrefix("some-server-with-a-long-slug__"))
        #expect(exposed == MergedNames.candidate(server: "some-server-with-a-long-slug", name: name), "deterministic")
    }

    @Test func repairedNamesCarryAHashSoTheyNeverTakeAPlainName() {
        let repaired = MergedNames.candidate(server: "fs", name: "files.read")
        #expect(repaired.hasPrefix("fs__files_read_"))
        #expect(repaired.count == "fs__files_read_".count + 8)
        #expect(repaired != MergedNames.candidate(server: "fs", name: "files_read"))
    }

    @Test func tableResolvesBothWaysAndSeparatesCollisions() {
        let plain = MergedNameTable.Key(server: "fs", name: "a_b")
        let dotted = MergedNameTable.Key(server: "fs", name: "a.b")
        // A plain name that happens to equal another item's repaired form.
        let impostor = MergedNameTable.Key(server: "fs", name: String(MergedNames.candidate(server: "fs", name: "a.b").dropFirst(4)))
        let table = MergedNameTable([dotted, plain, impostor])
        let names = [plain, dotted, impostor].map { table.exposedName(server: $0.server, name: $0.name)! }
        #expect(Set(names).count == 3)
        for (key, name) in zip([plain, dotted, impostor], names) {
            #expect(table.resolve(name) == key)
            #expect(MergedNames.isValidExposedName(name))
        }
        // Built from the same items in another order: the same names.
        let again = MergedNameTable([impostor, plain, dotted])
        #expect([plain, dotted, impostor].map { again.exposedName(server: $0.server, name: $0.name)! } == names)
    }

    @Test func addingAToolDoesNotRenameOthers() {
        let before = MergedNameTable([.init(server: "s", name: "x.y"), .init(server: "s", name: "echo")])
        let after = MergedNameTable([.init(server: "s", name: "x.y"), .init(server: "s", name: "echo"), .init(server: "s", name: "x_y")])
        #expect(before.exposedName(server: "s", name: "x.y") == after.exposedName(server: "s", name: "x.y"))
        #expect(before.exposedName(server: "s", name: "echo") == after.exposedName(server: "s", name: "echo"))
    }

    @Test func resourceURIsRoundTrip() {
        let exposed = MergedNames.exposedURI(server: "docs", uri: "git+ssh://host/repo#x")
        #expect(exposed == "docs+git+ssh://host/repo#x")
        #expect(MergedNames.splitURI(exposed)! == ("docs", "git+ssh://host/repo#x"))
        #expect(MergedNames.splitURI("nothing") == nil)
    }
}
