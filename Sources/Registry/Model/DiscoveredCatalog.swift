// What an upstream server said it offers when Gatehouse last asked: tools and prompts with
// their full definitions and a definition hash each.
import Foundation
import Guardrails

/// The discovered tools and prompts of one server.
package struct DiscoveredCatalog: Codable, Sendable, Equatable {
    package var server: String
    package var discoveredAt: Date
    /// The protocol revision the upstream spoke.
    package var protocolVersion: String?
    /// The upstream's `serverInfo` as JSON text, when given.
    package var serverInfoJSON: String?
    package var tools: [CatalogItem]
    package var prompts: [CatalogItem]
    /// Resource templates, kept for Shield's scan (absent in catalogs stored before Shield).
    package var resourceTemplates: [CatalogItem]?
    /// Why the last discovery failed, if it did (the lists then keep their previous content).
    package var lastError: String?

    package init(
        server: String, discoveredAt: Date, protocolVersion: String? = nil, serverInfoJSON: String? = nil,
        tools: [CatalogItem] = [], prompts: [CatalogItem] = [], resourceTemplates: [CatalogItem]? = nil, lastError: String? = nil
    ) {
        self.resourceTemplates = resourceTemplates
        self.server = server
        self.discoveredAt = discoveredAt
        self.protocolVersion = protocolVersion
        self.serverInfoJSON = serverInfoJSON
        self.tools = tools
        self.prompts = prompts
        self.lastError = lastError
    }
}

/// One discovered tool or prompt.
package struct CatalogItem: Codable, Sendable, Equatable {
    /// The name the upstream uses.
    package var name: String
    /// The definition exactly as the upstream sent it (compact JSON text of the object).
    package var definitionJSON: String
    /// Hex SHA-256 of the canonical definition (see `DefinitionHash`).
    package var definitionHash: String
    /// Shield's scan findings, most severe first (absent in catalogs stored before Shield).
    package var findings: [Finding]?

    package init(name: String, definitionJSON: String, definitionHash: String, findings: [Finding]? = nil) {
        self.name = name
        self.definitionJSON = definitionJSON
        self.definitionHash = definitionHash
        self.findings = findings
    }
}
