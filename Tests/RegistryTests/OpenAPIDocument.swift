// Reads the admin API's OpenAPI document for the tests: its operations, its examples, and a small
// structural check of an instance against a schema (properties, required, enums, nesting).
import Foundation

@testable import Registry

enum OpenAPIDocument {
    static var document: [String: Any] { try! JSONSerialization.jsonObject(with: Data(AdminAPIDocument.json.utf8)) as! [String: Any] }
    static var paths: [String: [String: Any]] { document["paths"] as! [String: [String: Any]] }
    static var schemas: [String: [String: Any]] {
        (document["components"] as! [String: Any])["schemas"] as! [String: [String: Any]]
    }

    struct Operation {
        let method: String
        let path: String
        let object: [String: Any]
    }

    static var operations: [Operation] {
        paths.flatMap { path, item in
            item.compactMap { key, value -> Operation? in
                guard ["get", "put", "post", "delete", "patch"].contains(key) else { return nil }
                return Operation(method: key.uppercased(), path: path, object: value as! [String: Any])
            }
        }
    }

    static func responseStatuses(of operation: Operation) -> Set<String> {
        Set((operation.object["responses"] as! [String: Any]).keys)
    }

    struct Example {
        let location: String
        let schema: String
        let object: [String: Any]
        var json: Data { try! JSONSerialization.data(withJSONObject: object) }
        var schemaObject: [String: Any] { OpenAPIDocument.schemas[schema]! }
    }

    /// Every example of a request or response body whose schema is a component.
    static func examples() -> [Example] {
        var result: [Example] = []
        func add(_ content: Any?, location: String) {
            guard let media = (content as? [String: Any])?["application/json"] as? [String: Any],
                let example = media["example"] as? [String: Any], let ref = (media["schema"] as? [String: Any])?["$ref"] as? String
            else { return }
            result.append(Example(location: location, schema: String(ref.split(separator: "/").last!), object: example))
        }
        for operation in operations {
            let name = "\(operation.method) \(operation.path)"
            add((operation.object["requestBody"] as? [String: Any])?["content"], location: "\(name) request")
            for (status, response) in operation.object["responses"] as! [String: Any] {
                add((response as? [String: Any])?["content"], location: "\(name) \(status)")
            }
        }
        let responses = (document["components"] as! [String: Any])["responses"] as! [String: [String: Any]]
        for (name, response) in responses { add(response["content"], location: "components.responses.\(name)") }
        return result
    }

    /// Checks `instance` against `schema`: unknown and missing properties, enum values, types of
    /// nested objects and arrays (enough to catch a misspelt or forgotten field).
    static func schemaProblems(_ instance: Any, schema: [String: Any], at path: String = "") -> [String] {
        var schema = schema
        if let ref = schema["$ref"] as? String { schema = schemas[String(ref.split(separator: "/").last!)]! }
        var problems: [String] = []
        if let values = schema["enum"] as? [String], let value = instance as? String, !values.contains(value) {
            problems.append("\(path): \"\(value)\" is not one of \(values)")
        }
        switch schema["type"] as? String {
        case "object":
            guard let object = instance as? [String: Any] else { return ["\(path): expected an object"] }
            if let properties = schema["properties"] as? [String: [String: Any]] {
                for (key, value) in object {
                    guard let property = properties[key] else {
                        problems.append("\(path).\(key) is not in the schema")
                        continue
                    }
                    problems += schemaProblems(value, schema: property, at: "\(path).\(key)")
                }
            }
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path).\(key) is required by the schema")
            }
        case "array":
            guard let array = instance as? [Any] else { return ["\(path): expected an array"] }
            if let items = schema["items"] as? [String: Any] {
                for (index, item) in array.enumerated() { problems += schemaProblems(item, schema: items, at: "\(path)[\(index)]") }
            }
        case "string":
            if !(instance is String) { problems.append("\(path): expected a string") }
        case "integer":
            if !(instance is NSNumber) { problems.append("\(path): expected an integer") }
        case "boolean":
            if !(instance is Bool) { problems.append("\(path): expected a boolean") }
        default:
            break
        }
        return problems
    }

    /// The Swift type each component schema is decoded into.
    static var swiftTypes: [String: any ExampleDecodable.Type] { [
        "Server": ServerResource.self, "ServerList": ServerList.self, "ServerChange": ServerChange.self,
        "ServerDefinition": ServerDefinition.self, "ToolList": ToolListResource.self, "ToolChange": ToolChange.self,
        "ToolNames": ToolNamesRequest.self, "Application": ApplicationResource.self, "ApplicationList": ApplicationList.self,
        "ApplicationChange": ApplicationChange.self, "ApplicationDefinition": ApplicationDefinition.self, "Key": KeyResource.self,
        "KeyList": KeyList.self, "CreateKey": CreateKeyRequest.self, "CreatedKey": CreatedKeyResource.self,
        "ApplyRequest": ApplyRequest.self, "ApplyResult": ApplyResponse.self, "AuditTail": AuditTail.self, "Error": ErrorResponse.self,
        "PolicyDefinition": PolicyDefinition.self, "Policy": PolicyResource.self, "PolicyList": PolicyList.self, "PolicyChange": PolicyChange.self,
        "PolicyTest": PolicyTestRequest.self, "PolicyTestResult": PolicyTestResult.self, "RateLimitDefinition": RateLimitDefinition.self,
        "RateLimitList": RateLimitList.self, "RateLimitChange": RateLimitChange.self, "Approve": ApproveRequest.self,
        "AuditExport": AuditExport.self, "AuditVerification": AuditVerificationResource.self,
    ] }
}

/// Decodes an example with the API's decoder and encodes it back to a JSON object.
protocol ExampleDecodable: Codable {}

extension ExampleDecodable {
    static func decodeExample(_ data: Data) throws -> [String: Any] {
        let value = try AdminJSON.decoder().decode(Self.self, from: data)
        return try JSONSerialization.jsonObject(with: try AdminJSON.encoder().encode(value)) as! [String: Any]
    }
}

extension ServerResource: ExampleDecodable {}
extension ServerList: ExampleDecodable {}
extension ServerChange: ExampleDecodable {}
extension ServerDefinition: ExampleDecodable {}
extension ToolListResource: ExampleDecodable {}
extension ToolChange: ExampleDecodable {}
extension ToolNamesRequest: ExampleDecodable {}
extension ApplicationResource: ExampleDecodable {}
extension ApplicationList: ExampleDecodable {}
extension ApplicationChange: ExampleDecodable {}
extension ApplicationDefinition: ExampleDecodable {}
extension KeyResource: ExampleDecodable {}
extension KeyList: ExampleDecodable {}
extension CreateKeyRequest: ExampleDecodable {}
extension CreatedKeyResource: ExampleDecodable {}
extension ApplyRequest: ExampleDecodable {}
extension ApplyResponse: ExampleDecodable {}
extension AuditTail: ExampleDecodable {}
extension ErrorResponse: ExampleDecodable {}
extension PolicyDefinition: ExampleDecodable {}
extension PolicyResource: ExampleDecodable {}
extension PolicyList: ExampleDecodable {}
extension PolicyChange: ExampleDecodable {}
extension PolicyTestRequest: ExampleDecodable {}
extension PolicyTestResult: ExampleDecodable {}
extension RateLimitDefinition: ExampleDecodable {}
extension RateLimitList: ExampleDecodable {}
extension RateLimitChange: ExampleDecodable {}
extension ApproveRequest: ExampleDecodable {}
extension AuditExport: ExampleDecodable {}
extension AuditVerificationResource: ExampleDecodable {}
