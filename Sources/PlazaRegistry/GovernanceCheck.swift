import Foundation

/// Plaza's governance rules and custom metadata fields, checked when a version is published or its
/// governance changes. Each failure is a `ValidationIssue` with a `governance-…` or `metadata-…` rule.
public enum GovernanceCheck {
    /// The `_meta` key Plaza reads governance from in a published server.json, and writes it under in responses.
    public static let metaKey = "dev.plaza/registry"

    public static func check(server: [String: Any], governance: Governance, rules: GovernanceRules, fields: [MetadataField]) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let remotes = server["remotes"] as? [[String: Any]] ?? []
        for (index, remote) in remotes.enumerated() {
            guard let text = remote["url"] as? String, let url = URL(string: text) else { continue }
            if rules.requireHTTPSRemotes && url.scheme?.lowercased() != "https" {
                issues.append(ValidationIssue(pointer: "/remotes/\(index)/url", rule: "governance-https",
                                              message: "remote URLs must use https (governance rule); got \(url.scheme ?? "no scheme")"))
            }
            if !rules.approvedHosts.isEmpty, let host = url.host?.lowercased(),
               !rules.approvedHosts.contains(where: { host == $0.lowercased() || host.hasSuffix("." + $0.lowercased()) }) {
                issues.append(ValidationIssue(pointer: "/remotes/\(index)/url", rule: "governance-approved-host",
                                              message: "remote host \(host) is not an approved host (\(rules.approvedHosts.joined(separator: ", ")))"))
            }
        }
        if rules.productionRequiresOwner && governance.lifecycle == .production && governance.owners.isEmpty {
            issues.append(ValidationIssue(pointer: "/_meta/\(metaKey.replacingOccurrences(of: "/", with: "~1"))/owners", rule: "governance-owner",
                                          message: "a server in the production stage needs at least one owner"))
        }
        if rules.requireDeclaredSecrets { issues += literalSecrets(in: server) }
        for field in fields {
            if let problem = field.problem(with: governance.metadata[field.name]) {
                issues.append(ValidationIssue(pointer: "/_meta/\(metaKey.replacingOccurrences(of: "/", with: "~1"))/metadata/\(field.name)",
                                              rule: "metadata-field", message: problem))
            }
        }
        for name in governance.metadata.keys.sorted() where !fields.contains(where: { $0.name == name }) {
            issues.append(ValidationIssue(pointer: "/_meta/\(metaKey.replacingOccurrences(of: "/", with: "~1"))/metadata/\(name)",
                                          rule: "metadata-unknown", message: "custom field '\(name)' is not defined; an admin defines fields with `plaza mcp fields`"))
        }
        return issues
    }

    /// Headers and environment variables whose value is a literal credential rather than a
    /// `{placeholder}` or an `isSecret` input. The value itself is never repeated.
    static func literalSecrets(in server: [String: Any]) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func inspect(_ inputs: [[String: Any]], at pointer: String) {
            for (index, input) in inputs.enumerated() {
                guard let value = input["value"] as? String, !value.isEmpty, input["isSecret"] as? Bool != true else { continue }
                if !value.contains("{") && looksSecret(value, name: input["name"] as? String ?? "") {
                    issues.append(ValidationIssue(pointer: "\(pointer)/\(index)/value", rule: "governance-literal-secret",
                                                  message: "'\(input["name"] as? String ?? "value")' holds a literal credential; declare it as an input with isSecret: true and reference it as {name}"))
                }
            }
        }
        for (index, remote) in (server["remotes"] as? [[String: Any]] ?? []).enumerated() {
            inspect(remote["headers"] as? [[String: Any]] ?? [], at: "/remotes/\(index)/headers")
        }
        for (index, package) in (server["packages"] as? [[String: Any]] ?? []).enumerated() {
            inspect(package["environmentVariables"] as? [[String: Any]] ?? [], at: "/packages/\(index)/environmentVariables")
            if let transport = package["transport"] as? [String: Any] {
                inspect(transport["headers"] as? [[String: Any]] ?? [], at: "/packages/\(index)/transport/headers")
            }
        }
        return issues
    }

    /// Bearer values, well-known token prefixes, long opaque strings, and anything in a field named like a secret.
    static func looksSecret(_ value: String, name: String) -> Bool {
        let lowered = name.lowercased()
        if ["token", "secret", "password", "api_key", "apikey", "authorization", "key"].contains(where: { lowered.contains($0) }) { return true }
        let trimmed = value.hasPrefix("Bearer ") ? String(value.dropFirst(7)) : value
        if ["ghp_", "gho_", "ghs_", "github_pat_", "sk-", "xoxb-", "xoxp-", "AKIA", "glpat-"].contains(where: { trimmed.hasPrefix($0) }) { return true }
        let opaque = trimmed.count >= 32 && trimmed.allSatisfy { $0.isLetter || $0.isNumber || "+/=_-".contains($0) }
        return opaque || value.hasPrefix("Bearer ")
    }
}
