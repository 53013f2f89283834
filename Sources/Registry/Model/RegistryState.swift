// Everything the registry holds, read at one moment: the data plane works from such snapshots
// (rebuilt when the generation changes), never from the database on the request path.

/// A consistent snapshot of the registry.
package struct RegistryState: Sendable, Equatable {
    /// Increases with every committed change, from any process sharing the store.
    package var generation: Int64
    package var servers: [ServerEntry]
    package var applications: [Application]
    package var keys: [APIKeyEntry]
    /// Discovered catalogs by server slug.
    package var catalogs: [String: DiscoveredCatalog]
    package var policies: [PolicyEntry]
    /// Moves with every change to any policy; recorded with every decision.
    package var policySetVersion: Int64
    package var rateLimits: [RateLimitEntry]
    /// Approved definitions by server slug.
    package var pins: [String: ServerPins]
    /// Users, certificate mappings, signing keys, revocations.
    package var identity = IdentityState()

    package init(
        generation: Int64 = 0, servers: [ServerEntry] = [], applications: [Application] = [], keys: [APIKeyEntry] = [],
        catalogs: [String: DiscoveredCatalog] = [:], policies: [PolicyEntry] = [], policySetVersion: Int64 = 0,
        rateLimits: [RateLimitEntry] = [], pins: [String: ServerPins] = [:]
    ) {
        self.policies = policies
        self.policySetVersion = policySetVersion
        self.rateLimits = rateLimits
        self.pins = pins
        self.generation = generation
        self.servers = servers
        self.applications = applications
        self.keys = keys
        self.catalogs = catalogs
    }
}
