// An authorization request: who (principal) wants to do what (action) to which resource, with a
// context record of extra facts (time, source IP, arguments).

/// A Cedar authorization request.
public struct Request: Sendable {
    /// The entity making the request.
    public let principal: EntityUID
    /// The action requested.
    public let action: EntityUID
    /// The entity acted on.
    public let resource: EntityUID
    /// Extra facts, read as `context.name` in policies.
    public let context: CedarRecord

    /// Creates a request.
    public init(principal: EntityUID, action: EntityUID, resource: EntityUID, context: CedarRecord = [:]) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.context = context
    }
}
