// Shield's settings in the registry: resolving `servers[].guardrails` and `tools.max_severity`
// (every mistake reported with its path and the accepted values), the `shield:` section, the
// apply diff, stored documents from before Shield, and the enable limit.
import Foundation
import Guardrails
import Logging
import Store
import Testing

@testable import Registry

@Suite struct GuardrailsConfigTests {
    func resolve(_ text: String) -> (RegistryConfiguration, [String]) {
        let document = ConfigDocument.load(text, file: "gatehouse.yaml")
        let configuration = RegistryConfigResolver().resolve(document)
        return (configuration, document.diagnostics.inFileOrder.map(\.description))
    }

    @Test func serverGuardrailsAndMaxSeverityResolve() throws {
        let (configuration, diagnostics) = resolve(
            """
            servers:
              - slug: crm
                name: com.example/crm
                upstream: { url: http://127.0.0.1:8765/mcp }
                tools: { enabled: ["*"], max_severity: Medium }
                guardrails:
                  detectors: { email: redact, secrets: block }
                  tools: { run_query: { sql_injection: flag } }
                  hook: { url: http://127.0.0.1:9000/check, timeout: 500ms, on_failure: fail_open, phases: [result] }
            """)
        #expect(diagnostics == [])
        let entry = try #require(configuration.servers.first)
        #expect(entry.tools.maxSeverity == .medium)
        #expect(
            entry.guardrails
                == GuardrailPolicy(
                    detectors: ["email": .redact, "secrets": .block], tools: ["run_query": ["sql_injection": .flag]],
                    hook: HookSettings(url: "http://127.0.0.1:9000/check", timeoutMilliseconds: 500, onFailure: .failOpen, phases: [.result])))
    }

    @Test func everyMistakeIsReportedWithItsPathAndTheChoices() {
        let (configuration, diagnostics) = resolve(
            """
            servers:
              - slug: crm
                name: com.example/crm
                upstream: { url: http://127.0.0.1:8765/mcp }
                tools: { enabled: ["*"], max_severity: severe }
                guardrails:
                  detectors: { emial: redact, secrets: destroy }
                  hook: { url: ftp://x/check, timeout: soon, on_failure: maybe, phases: [before] }
            """)
        #expect(configuration.servers.isEmpty)
        #expect(
            diagnostics == [
                "gatehouse.yaml:5: error: servers[0].tools.max_severity \"severe\" is not a severity; use info, low, medium, high or critical.",
                "gatehouse.yaml:7: error: servers[0].guardrails.detectors.emial is not a detector; did you mean \"email\"?",
                "gatehouse.yaml:7: error: servers[0].guardrails.detectors.secrets \"destroy\" is not an action; use block, redact, flag or off.",
                "gatehouse.yaml:8: error: servers[0].guardrails.hook.url has unsupported scheme \"ftp\"; use http or https.",
                "gatehouse.yaml:8: error: servers[0].guardrails.hook.timeout \"soon\" is not a timeout; write a duration from 1ms to 10m such as 500ms or 2s.",
                "gatehouse.yaml:8: error: servers[0].guardrails.hook.on_failure \"maybe\" is not a failure mode; use fail_open (let calls through) or fail_closed (refuse them).",
                "gatehouse.yaml:8: error: servers[0].guardrails.hook.phases[0] \"before\" is not a phase; use arguments or result.",
            ])
    }

    @Test func theShieldSectionResolvesOverTheDefaults() {
        let document = ConfigDocument.load(
            """
            shield:
              enable_max_severity: high
              max_scan_bytes: 65536
              detectors: { prompt_injection: block }
              hook: { url: http://127.0.0.1:9000/check }
            """, file: "gatehouse.yaml")
        let shield = GuardrailsResolver.shield(document.shield, into: document.diagnostics)
        #expect(document.diagnostics.inFileOrder.isEmpty)
        #expect(shield.enableMaxSeverity == .high)
        #expect(shield.maxScanBytes == 65536)
        #expect(shield.detectors[.promptInjection] == .block)
        #expect(shield.detectors[.email] == .flag, "built-in default kept")
        #expect(shield.hook?.timeoutMilliseconds == 2000)
        #expect(shield.hook?.onFailure == .failClosed)
    }

    @Test func theApplyDiffNamesGuardrailChanges() {
        let old = ServerEntry(slug: "crm", name: "com.example/crm", upstream: .http(.init(url: "http://x/mcp")))
        var new = old
        new.guardrails = GuardrailPolicy(detectors: ["email": .redact])
        new.tools.maxSeverity = .high
        #expect(RegistryDiff.details(from: old, to: new) == ["tools.max_severity (none) → \"high\"", "guardrails changed"])
    }

    @Test func documentsStoredBeforeShieldStillDecode() throws {
        let entry = #"{"slug":"notes","name":"com.example/notes","status":"active","upstream":{"http":{"_0":{"url":"http://x/mcp","headers":{}}}},"tools":{"enabled":["echo"],"disabled":[]}}"#
        let decoded = try JSONDecoder().decode(ServerEntry.self, from: Data(entry.utf8))
        #expect(decoded.guardrails == nil)
        #expect(decoded.tools.maxSeverity == nil)
        let catalog = #"{"server":"notes","discoveredAt":0,"tools":[{"name":"echo","definitionJSON":"{}","definitionHash":"h"}],"prompts":[]}"#
        let decodedCatalog = try JSONDecoder().decode(DiscoveredCatalog.self, from: Data(catalog.utf8))
        #expect(decodedCatalog.tools.first?.findings == nil)
        #expect(decodedCatalog.resourceTemplates == nil)
        let record = #"{"time":0,"endpoint":"/mcp","method":"ping","outcome":"ok","latencyMicros":1}"#
        let decodedRecord = try JSONDecoder().decode(AuditRecord.self, from: Data(record.utf8))
        #expect(decodedRecord.guardrails == nil && decodedRecord.upstream == nil)
    }

    @Test func heldBackNamesTheWorstFindingAndTheSetting() {
        let finding = Finding(rule: "poisoning.hidden_tag", severity: .high, explanation: "x", evidence: .init(path: "/description", start: 0, end: 1, excerpt: "<"))
        let entry = ServerEntry(slug: "s", name: "com.example/s", upstream: .http(.init(url: "http://x/mcp")), tools: ToolSelection(enabled: ["*"]))
        let catalog = DiscoveredCatalog(
            server: "s", discoveredAt: Date(),
            tools: [CatalogItem(name: "bad", definitionJSON: "{}", definitionHash: "h", findings: [finding]), CatalogItem(name: "ok", definitionJSON: "{}", definitionHash: "h", findings: [])])
        #expect(RegistryService.heldBack(entry: entry, catalog: catalog, projectLimit: nil).isEmpty)
        #expect(RegistryService.heldBack(entry: entry, catalog: catalog, projectLimit: .high).isEmpty, "at the limit is allowed")
        let held = RegistryService.heldBack(entry: entry, catalog: catalog, projectLimit: .medium)
        #expect(Array(held.keys) == ["bad"])
        #expect(held["bad"]?.contains("poisoning.hidden_tag (high) at /description, above the limit medium (shield.enable_max_severity)") == true)
    }
}
