// The Cedar model of MCP that Gatehouse policies are written against: entity types for who calls
// (applications, users, groups, the project) and what they reach (servers, tools, prompts,
// resources), one action per MCP method family, and the context of each action. The text below is
// the schema every policy is validated against when it is attached; `docs/policies.md` explains
// it. Tool arguments are typed per tool: `context.arguments` of `call_tool` is generated from the
// tool's `inputSchema` (see `ArgumentTypes`), so `context.arguments.a > 100` type-checks exactly
// when tool `a` is an integer.
import Cedar

/// Names and schema of Gatehouse's Cedar model.
package enum MCPCedarSchema {
    /// The namespace of every entity type and action.
    package static let namespace = "Gatehouse"

    /// The one project every object belongs to until projects exist in the registry.
    package static let defaultProject = "default"

    package static let projectType = EntityType("Gatehouse::Project")
    package static let groupType = EntityType("Gatehouse::Group")
    package static let applicationType = EntityType("Gatehouse::Application")
    package static let userType = EntityType("Gatehouse::User")
    package static let serverType = EntityType("Gatehouse::Server")
    package static let toolType = EntityType("Gatehouse::Tool")
    package static let promptType = EntityType("Gatehouse::Prompt")
    package static let resourceType = EntityType("Gatehouse::Resource")
    package static let actionType = EntityType("Gatehouse::Action")

    /// The record type of `context.annotations` (MCP tool annotations, with the defaults the MCP
    /// specification gives for absent hints filled in).
    static let annotationsType =
        #"{ "title"?: String, "readOnlyHint": Bool, "destructiveHint": Bool, "idempotentHint": Bool, "openWorldHint": Bool }"#

    /// Context attributes of every action.
    static let requestContext =
        #""time": __cedar::datetime, "protocol_version": String, "endpoint": String, "client_address"?: __cedar::ipaddr"#

    /// The schema, with `call_tool`'s `context.arguments` of the given record type.
    ///
    /// - Parameter arguments: A Cedar record type (`{ "a": Long }`); `{}` when the tool is unknown
    ///   or takes nothing that can be typed.
    package static func text(arguments: String = "{}") -> String {
        """
        namespace Gatehouse {
          // Who calls. Applications authenticate with API keys; users (with their groups) with OAuth.
          entity Project;
          entity Group in [Project];
          entity Application in [Project] = { "name": String };
          entity User in [Group, Project, Application] = { "name": String };

          // What they reach. A tool, prompt or resource has its server as parent, so
          // `resource in Gatehouse::Server::"notes"` covers everything on server notes.
          entity Server in [Project] = { "slug": String, "name": String, "version"?: String, "status": String };
          entity Tool in [Server] = { "name": String, "server": String };
          entity Prompt in [Server] = { "name": String, "server": String };
          entity Resource in [Server] = { "uri": String, "server": String };

          // One action per MCP method family.
          action call_tool appliesTo {
            principal: [Application, User], resource: [Tool],
            context: { "arguments": \(arguments), "annotations": \(annotationsType), "findings": Set<String>, \(requestContext) }
          };
          action get_prompt appliesTo { principal: [Application, User], resource: [Prompt], context: { \(requestContext) } };
          action read_resource appliesTo { principal: [Application, User], resource: [Resource], context: { \(requestContext) } };
          action complete appliesTo { principal: [Application, User], resource: [Prompt, Resource], context: { \(requestContext) } };
          action list_tools appliesTo { principal: [Application, User], resource: [Server], context: { \(requestContext) } };
          action list_prompts appliesTo { principal: [Application, User], resource: [Server], context: { \(requestContext) } };
          action list_resources appliesTo { principal: [Application, User], resource: [Server], context: { \(requestContext) } };
        }
        """
    }

    /// The schema with untyped (empty) tool arguments, parsed once.
    package static let base: Schema = {
        do { return try Schema(cedarschema: text()) } catch { fatalError("the built-in Cedar schema does not parse: \(error)") }
    }()
}

/// The Cedar actions of Gatehouse, one per MCP method family.
package struct MCPAction: Hashable, Sendable, CustomStringConvertible {
    /// The action id (`call_tool`).
    package let name: String
    /// `Gatehouse::Action::"call_tool"`.
    package let uid: EntityUID

    private init(_ name: String) {
        self.name = name
        uid = EntityUID(type: MCPCedarSchema.actionType, id: name)
    }

    /// `tools/call`; resource: the tool.
    package static let callTool = MCPAction("call_tool")
    /// `prompts/get`; resource: the prompt.
    package static let getPrompt = MCPAction("get_prompt")
    /// `resources/read`, `resources/subscribe`, `resources/unsubscribe`; resource: the resource.
    package static let readResource = MCPAction("read_resource")
    /// `completion/complete`; resource: the prompt or resource referenced.
    package static let complete = MCPAction("complete")
    /// `tools/list`; resource: each server listed.
    package static let listTools = MCPAction("list_tools")
    /// `prompts/list`; resource: each server listed.
    package static let listPrompts = MCPAction("list_prompts")
    /// `resources/list` and `resources/templates/list`; resource: each server listed.
    package static let listResources = MCPAction("list_resources")

    package static let all: [MCPAction] = [.callTool, .getPrompt, .readResource, .complete, .listTools, .listPrompts, .listResources]

    package var description: String { name }
}
