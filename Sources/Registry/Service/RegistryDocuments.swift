// How model values are kept in the store: as their Codable JSON, one document per entry. Model
// types may gain fields only in ways that still decode older documents (optional, or with a
// decoding default); a field that cannot be decoded is reported with the document it is in.
import Foundation
import Store

enum RegistryDocuments {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func document(_ value: some Encodable, key: String) throws -> StoredDocument {
        StoredDocument(key: key, body: String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func decode<T: Decodable>(_ type: T.Type, from document: StoredDocument, in collection: StoreCollection) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(document.body.utf8))
        } catch {
            throw RegistryError(
                .internal,
                "The stored \(collection) entry \"\(document.key)\" cannot be read (\(error)); it was written by an incompatible gatehouse or edited by hand.")
        }
    }

    static func all<T: Decodable>(_ type: T.Type, in collection: StoreCollection, from reader: any RegistryStoreReader) async throws -> [T] {
        try await reader.documents(in: collection).map { try decode(type, from: $0, in: collection) }
    }

    static func one<T: Decodable>(_ type: T.Type, _ key: String, in collection: StoreCollection, from reader: any RegistryStoreReader)
        async throws -> T?
    {
        try await reader.document(key, in: collection).map { try decode(type, from: $0, in: collection) }
    }
}
