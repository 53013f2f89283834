// Errors of the authorization server's endpoints in the shape OAuth clients read: an error code
// from the RFC's closed list, a sentence that names the problem and the fix, and the HTTP status.
import Foundation

/// An OAuth error response (RFC 6749 §5.2, RFC 7591 §3.2.2, RFC 7009 §2.2.1, RFC 8707 §2).
package struct OAuthError: Error, Sendable, Equatable, CustomStringConvertible {
    package var code: String
    package var message: String
    package var status: Int

    package init(_ code: String, _ message: String, status: Int = 400) {
        self.code = code
        self.message = message
        self.status = status
    }

    package var description: String { "\(code): \(message)" }

    package static func invalidRequest(_ message: String) -> OAuthError { OAuthError("invalid_request", message) }
    /// Unknown client or failed client authentication: 401, which makes clients register again.
    package static func invalidClient(_ message: String) -> OAuthError { OAuthError("invalid_client", message, status: 401) }
    package static func invalidGrant(_ message: String) -> OAuthError { OAuthError("invalid_grant", message) }
    package static func unauthorizedClient(_ message: String) -> OAuthError { OAuthError("unauthorized_client", message) }
    package static func unsupportedGrantType(_ message: String) -> OAuthError { OAuthError("unsupported_grant_type", message) }
    package static func unsupportedResponseType(_ message: String) -> OAuthError { OAuthError("unsupported_response_type", message) }
    package static func invalidScope(_ message: String) -> OAuthError { OAuthError("invalid_scope", message) }
    /// RFC 8707: the resource is missing, unknown or not allowed.
    package static func invalidTarget(_ message: String) -> OAuthError { OAuthError("invalid_target", message) }
    package static func accessDenied(_ message: String) -> OAuthError { OAuthError("access_denied", message, status: 403) }
    package static func invalidRedirectURI(_ message: String) -> OAuthError { OAuthError("invalid_redirect_uri", message) }
    package static func invalidClientMetadata(_ message: String) -> OAuthError { OAuthError("invalid_client_metadata", message) }
    package static func invalidToken(_ message: String) -> OAuthError { OAuthError("invalid_token", message, status: 401) }
    package static func serverError(_ message: String) -> OAuthError { OAuthError("server_error", message, status: 500) }

    /// The JSON body.
    package var json: [String: String] { ["error": code, "error_description": message] }
}
