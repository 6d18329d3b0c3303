import Foundation

/// One install-policy rule.
///
/// Platform teams write rules per environment (`dev`, `staging`, `production`, …) or for every
/// environment (`"*"`). A rule *matches* a ``PolicySubject`` when every condition it gives matches;
/// a condition left `nil` matches anything. See ``InstallPolicy/evaluate(_:for:)`` for how rules
/// combine.
public struct PolicyRule: Codable, Sendable, Equatable {
    /// Whether a matching rule admits or refuses the install.
    public enum Effect: String, Codable, Sendable { case allow, deny }

    /// Stable id shown in refusals, e.g. `"rule-3"`.
    public var id: String
    /// What a match does.
    public var effect: Effect
    /// Environment the rule applies to, or `"*"` for every environment (the wider scope).
    public var environment: String
    // Conditions; nil means "any". All given conditions must match for the rule to match.
    /// Exact marketplace name, or a glob with a trailing `"*"` (e.g. `"contoso-*"`).
    public var marketplace: String?
    /// Exact plugin name, or a glob with a trailing `"*"`.
    public var plugin: String?
    /// Matches plugins that do (`true`) / do not (`false`) ship hooks.
    public var hasHooks: Bool?
    /// Matches plugins that do (`true`) / do not (`false`) ship MCP servers.
    public var hasMCP: Bool?
    /// Matches plugins that do (`true`) / do not (`false`) make clients run programs on the user's
    /// machine: command hooks, monitors, LSP servers, stdio MCP servers, or a marketplace entry's
    /// `headersHelper` (see `LoadedPlugin.localCommands`).
    public var runsCommands: Bool?
    /// Why the rule exists, for people. Shown in decisions; never affects matching.
    public var note: String?

    public init(id: String, effect: Effect, environment: String, marketplace: String? = nil, plugin: String? = nil,
                hasHooks: Bool? = nil, hasMCP: Bool? = nil, runsCommands: Bool? = nil, note: String? = nil) {
        self.id = id
        self.effect = effect
        self.environment = environment
        self.marketplace = marketplace
        self.plugin = plugin
        self.hasHooks = hasHooks
        self.hasMCP = hasMCP
        self.runsCommands = runsCommands
        self.note = note
    }

    /// Why the rule is malformed, or nil when it is well formed.
    ///
    /// Malformed: an empty (or blank) id or environment; an environment that is a glob rather than a
    /// name or exactly `"*"`; an empty marketplace or plugin condition (leave it out to mean "any");
    /// a glob with `"*"` anywhere but the end (`"*foo"`, `"con*toso"`). A rule with no condition at
    /// all is well formed (an allow at `"*"` admits everything; a deny refuses everything).
    /// ``InstallPolicy/evaluate(_:for:)`` fails closed on an applicable malformed rule.
    public func problem() -> String? {
        if id.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return "the rule id is empty"
        }
        if environment.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return "the environment is empty; use \"*\" for every environment"
        }
        if environment != "*" && environment.contains("*") {
            return "the environment \"\(environment)\" is a glob; it must be an environment name or \"*\""
        }
        for (field, value) in [("marketplace", marketplace), ("plugin", plugin)] {
            guard let value else { continue }
            if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                return "the \(field) condition is empty; leave it out to match any \(field)"
            }
            if let star = value.firstIndex(of: "*"), star != value.index(before: value.endIndex) {
                return "the \(field) glob \"\(value)\" has \"*\" before its end; only a trailing \"*\" is supported"
            }
        }
        return nil
    }
}

/// What is being installed, as policy sees it. Unknown facts are nil (e.g. the plugin is
/// unavailable so we cannot tell whether it has hooks).
public struct PolicySubject: Sendable, Equatable {
    /// The environment the install is for, e.g. `"production"`.
    public var environment: String
    /// The marketplace the plugin comes from.
    public var marketplace: String
    /// The plugin's name.
    public var plugin: String
    /// Whether the plugin ships hooks; nil when unknown.
    public var hasHooks: Bool?
    /// Whether the plugin ships MCP servers; nil when unknown.
    public var hasMCP: Bool?
    /// Whether the plugin makes clients run programs on the user's machine; nil when unknown.
    public var runsCommands: Bool?

    public init(environment: String, marketplace: String, plugin: String, hasHooks: Bool?, hasMCP: Bool?, runsCommands: Bool? = nil) {
        self.environment = environment
        self.marketplace = marketplace
        self.plugin = plugin
        self.hasHooks = hasHooks
        self.hasMCP = hasMCP
        self.runsCommands = runsCommands
    }
}

/// The outcome of ``InstallPolicy/evaluate(_:for:)``.
public struct PolicyDecision: Sendable, Equatable {
    /// Whether the install may proceed.
    public var allowed: Bool
    /// The rule that decided. Nil when no single rule decided: no deny rule matched and there were
    /// no allow rules (the default allowed it), or allow-list mode refused because no allow rule
    /// matched (``reason`` then lists the allow rules).
    public var ruleID: String?
    /// Human sentence naming the rule and why, e.g.
    /// "denied by rule rule-2 (deny plugins with hooks in production: …note…)".
    public var reason: String

    public init(allowed: Bool, ruleID: String?, reason: String) {
        self.allowed = allowed
        self.ruleID = ruleID
        self.reason = reason
    }
}

/// Decides whether a plugin may be installed in an environment. Pure: no I/O.
public enum InstallPolicy {
    /// Evaluates `rules` for `subject`.
    ///
    /// 1. Applicable rules are those whose environment is `"*"` or equals `subject.environment`;
    ///    every other rule is ignored. Wider-scope (`"*"`) rules are considered before
    ///    environment-specific ones; within a scope, in the order given.
    /// 2. Fail closed: if an applicable rule cannot be evaluated — it is malformed
    ///    (``PolicyRule/problem()`` is not nil), or it has a `hasHooks`/`hasMCP`/`runsCommands` condition while the
    ///    subject's corresponding fact is nil — the answer is deny, naming that rule and saying it
    ///    could not be evaluated, even when the rule is an allow rule. An unknown fact does not make
    ///    a rule unevaluable when another of its conditions already does not match (a rule about
    ///    marketplace `a` cannot match a plugin from marketplace `b`, whatever its hooks).
    /// 3. A matching deny always wins, at any scope: deny rules at `"*"` are checked first, then
    ///    environment-specific deny rules; the first matching deny decides.
    /// 4. If any applicable allow rule exists, the subject must match at least one of them
    ///    (allow-list mode): the first matching allow decides; if none matches, deny with
    ///    "not allowed by any allow rule for <env> (rules: …ids…)" and a nil rule id.
    /// 5. Otherwise allowed with a nil rule id: "no policy rule applies" when no rule is applicable,
    ///    or a sentence listing the applicable deny rules that did not match.
    ///
    /// So a deny at a wider scope always wins over an allow at a narrower one, and allow rules at
    /// `"*"` plus a matching deny in `production` refuse the install in production.
    public static func evaluate(_ rules: [PolicyRule], for subject: PolicySubject) -> PolicyDecision {
        let applicable = rules.filter { $0.environment == "*" }
            + rules.filter { $0.environment != "*" && $0.environment == subject.environment }
        if applicable.isEmpty {
            return PolicyDecision(allowed: true, ruleID: nil, reason: "no policy rule applies")
        }

        // Evaluate every applicable rule once; fail closed on the first that cannot be evaluated.
        var outcomes: [(rule: PolicyRule, matches: Bool)] = []
        for rule in applicable {
            let why: String
            if let problem = rule.problem() {
                why = "it is malformed: \(problem)"
            } else {
                switch match(rule, subject) {
                case .yes: outcomes.append((rule, true)); continue
                case .no: outcomes.append((rule, false)); continue
                case .unknown(let facts): why = "\(facts) for \(subject.marketplace)/\(subject.plugin)"
                }
            }
            return PolicyDecision(
                allowed: false, ruleID: rule.id,
                reason: "denied because rule \(rule.id) (\(summary(of: rule))) could not be evaluated: \(why); failing closed")
        }

        if let deny = outcomes.first(where: { $0.rule.effect == .deny && $0.matches }) {
            return PolicyDecision(allowed: false, ruleID: deny.rule.id,
                                  reason: "denied by rule \(deny.rule.id) (\(summary(of: deny.rule)))")
        }

        let allows = outcomes.filter { $0.rule.effect == .allow }
        if !allows.isEmpty {
            if let allow = allows.first(where: \.matches) {
                return PolicyDecision(allowed: true, ruleID: allow.rule.id,
                                      reason: "allowed by rule \(allow.rule.id) (\(summary(of: allow.rule)))")
            }
            let ids = allows.map(\.rule.id).joined(separator: ", ")
            return PolicyDecision(allowed: false, ruleID: nil,
                                  reason: "not allowed by any allow rule for \(subject.environment) (rules: \(ids))")
        }

        let ids = outcomes.map(\.rule.id).joined(separator: ", ")
        return PolicyDecision(allowed: true, ruleID: nil,
                              reason: "no deny rule matches (rules: \(ids)) and no allow rule applies to \(subject.environment)")
    }

    // MARK: - Matching

    private enum Match { case yes, no, unknown(String) }

    /// Three-valued match: a definite mismatch on any condition is `.no` even when other facts are
    /// unknown; otherwise any unknown fact a condition needs makes the result `.unknown`.
    private static func match(_ rule: PolicyRule, _ subject: PolicySubject) -> Match {
        if let pattern = rule.marketplace, !globMatches(pattern, subject.marketplace) { return .no }
        if let pattern = rule.plugin, !globMatches(pattern, subject.plugin) { return .no }
        var unknown: [String] = []
        let conditions = [(rule.hasHooks, subject.hasHooks, "ships hooks"), (rule.hasMCP, subject.hasMCP, "ships MCP servers"),
                          (rule.runsCommands, subject.runsCommands, "runs commands on the user's machine")]
        for (wanted, fact, what) in conditions {
            guard let wanted else { continue }
            guard let fact else { unknown.append("whether the plugin \(what) is unknown"); continue }
            if fact != wanted { return .no }
        }
        return unknown.isEmpty ? .yes : .unknown(unknown.joined(separator: " and "))
    }

    /// An exact name, or a prefix when the pattern ends in `"*"` (`"*"` alone matches everything).
    private static func globMatches(_ pattern: String, _ value: String) -> Bool {
        pattern.hasSuffix("*") ? value.hasPrefix(String(pattern.dropLast())) : value == pattern
    }

    /// "deny plugins with hooks in production: note", for reasons.
    private static func summary(of rule: PolicyRule) -> String {
        var text = rule.effect.rawValue
        if let plugin = rule.plugin {
            text += plugin.contains("*") ? " plugins matching \(plugin)" : " plugin \(plugin)"
        } else {
            text += " plugins"
        }
        if let marketplace = rule.marketplace {
            text += marketplace.contains("*") ? " from marketplaces matching \(marketplace)" : " from marketplace \(marketplace)"
        }
        var with: [String] = []
        if let hooks = rule.hasHooks { with.append(hooks ? "with hooks" : "without hooks") }
        if let mcp = rule.hasMCP { with.append(mcp ? "with MCP servers" : "without MCP servers") }
        if let runs = rule.runsCommands { with.append(runs ? "running commands on the user's machine" : "running no commands on the user's machine") }
        if !with.isEmpty { text += " " + with.joined(separator: " and ") }
        text += rule.environment == "*" ? " in every environment" : " in \(rule.environment)"
        if let note = rule.note, !note.isEmpty { text += ": \(note)" }
        return text
    }
}
