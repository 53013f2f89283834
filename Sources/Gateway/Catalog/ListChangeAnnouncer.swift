// Works out, from two directory snapshots, which clients must hear `list_changed`: a server whose
// discovered tools or prompts, enablement, pins (quarantine) or status changed; an application
// whose grants on a server changed; everyone who may use a server when the policy set changed
// (policies decide what lists show).
import Foundation

/// Announces list changes caused by directory updates.
package struct ListChangeAnnouncer: Sendable {
    let hub: NotificationHub

    package init(hub: NotificationHub) {
        self.hub = hub
    }

    /// Publishes what differs between `old` and `new`.
    package func announce(from old: GatewayDirectory, to new: GatewayDirectory) {
        let policiesChanged = old.policies.version != new.policies.version
        for slug in Set(old.servers.keys).union(new.servers.keys) {
            let before = old.servers[slug]
            let after = new.servers[slug]
            let visible: (String) -> Bool = { app in
                new.grants[app]?.servers[slug] != nil || old.grants[app]?.servers[slug] != nil
            }
            if policiesChanged {
                hub.publish(.tools, server: slug, visible: visible)
                hub.publish(.prompts, server: slug, visible: visible)
                continue
            }
            if Self.toolsFingerprint(before) != Self.toolsFingerprint(after) {
                hub.publish(.tools, server: slug, visible: visible)
            } else {
                let changedApps = Set(old.grants.keys).union(new.grants.keys).filter { app in
                    old.grants[app]?.servers[slug] != new.grants[app]?.servers[slug]
                }
                if !changedApps.isEmpty { hub.publish(.tools, server: slug, visible: { changedApps.contains($0) }) }
            }
            if Self.promptsFingerprint(before) != Self.promptsFingerprint(after) {
                hub.publish(.prompts, server: slug, visible: visible)
            }
        }
    }

    static func toolsFingerprint(_ s: DirectoryServer?) -> [String] {
        guard let s else { return [] }
        return s.tools.map { "\($0.name)#\($0.hash)#\(s.enablement.isEnabled($0.name))#\($0.isQuarantined)" } + ["calls:\(s.acceptsCalls)"]
    }

    static func promptsFingerprint(_ s: DirectoryServer?) -> [String] {
        guard let s else { return [] }
        return s.prompts.map { "\($0.name)#\($0.hash)#\($0.isQuarantined)" } + ["calls:\(s.acceptsCalls)"]
    }
}
