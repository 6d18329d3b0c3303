import Foundation
import PlazaCatalog
import Testing

@Suite("Install policy")
struct InstallPolicyTests {
    private static func subject(_ environment: String = "production", marketplace: String = "contoso-tools",
                                plugin: String = "formatter", hasHooks: Bool? = false, hasMCP: Bool? = false) -> PolicySubject {
        PolicySubject(environment: environment, marketplace: marketplace, plugin: plugin, hasHooks: hasHooks, hasMCP: hasMCP)
    }

    @Test("a deny at the wider scope beats an allow in the environment")
    func wideDenyBeatsNarrowAllow() {
        let rules = [
            PolicyRule(id: "allow-legacy", effect: .allow, environment: "production", plugin: "legacy-tool"),
            PolicyRule(id: "no-legacy", effect: .deny, environment: "*", plugin: "legacy-*", note: "legacy plugins are retired"),
        ]
        let decision = InstallPolicy.evaluate(rules, for: Self.subject(plugin: "legacy-tool"))
        #expect(!decision.allowed)
        #expect(decision.ruleID == "no-legacy")
        #expect(decision.reason == "denied by rule no-legacy (deny plugins matching legacy-* in every environment: legacy plugins are retired)")
    }

    @Test("a deny in the environment beats an allow at the wider scope; other environments stay allowed")
    func narrowDenyBeatsWideAllow() {
        let rules = [
            PolicyRule(id: "rule-1", effect: .allow, environment: "*"),
            PolicyRule(id: "rule-2", effect: .deny, environment: "production", hasHooks: true, note: "hooks run code on every session"),
        ]
        let production = InstallPolicy.evaluate(rules, for: Self.subject("production", hasHooks: true))
        #expect(!production.allowed)
        #expect(production.ruleID == "rule-2")
        #expect(production.reason == "denied by rule rule-2 (deny plugins with hooks in production: hooks run code on every session)")

        let staging = InstallPolicy.evaluate(rules, for: Self.subject("staging", hasHooks: true))
        #expect(staging.allowed)
        #expect(staging.ruleID == "rule-1")
        #expect(staging.reason == "allowed by rule rule-1 (allow plugins in every environment)")
    }

    @Test("allow-list mode refuses an unlisted marketplace and names the allow rules")
    func allowListRefusesUnlisted() {
        let rules = [
            PolicyRule(id: "rule-1", effect: .allow, environment: "*", marketplace: "contoso-tools"),
            PolicyRule(id: "rule-2", effect: .allow, environment: "production", marketplace: "fabrikam"),
            PolicyRule(id: "rule-3", effect: .allow, environment: "dev", marketplace: "sandbox"),
        ]
        let refused = InstallPolicy.evaluate(rules, for: Self.subject(marketplace: "random-market"))
        #expect(!refused.allowed)
        #expect(refused.ruleID == nil)
        #expect(refused.reason == "not allowed by any allow rule for production (rules: rule-1, rule-2)")

        let listed = InstallPolicy.evaluate(rules, for: Self.subject(marketplace: "fabrikam"))
        #expect(listed.allowed)
        #expect(listed.ruleID == "rule-2")
    }

    @Test("glob \"contoso-*\" matches contoso-sre but not contoso")
    func trailingGlob() {
        let rules = [PolicyRule(id: "contoso", effect: .allow, environment: "*", marketplace: "contoso-*")]
        let sre = InstallPolicy.evaluate(rules, for: Self.subject(marketplace: "contoso-sre"))
        #expect(sre.allowed)
        #expect(sre.ruleID == "contoso")
        #expect(sre.reason == "allowed by rule contoso (allow plugins from marketplaces matching contoso-* in every environment)")

        let bare = InstallPolicy.evaluate(rules, for: Self.subject(marketplace: "contoso"))
        #expect(!bare.allowed)
        #expect(bare.reason.contains("not allowed by any allow rule"))

        let deny = [PolicyRule(id: "d", effect: .deny, environment: "*", marketplace: "contoso-*")]
        #expect(!InstallPolicy.evaluate(deny, for: Self.subject(marketplace: "contoso-sre")).allowed)
        #expect(InstallPolicy.evaluate(deny, for: Self.subject(marketplace: "contoso")).allowed)
    }

    @Test("a hooks deny refuses a plugin with hooks and admits one without")
    func hooksDeny() {
        let rules = [PolicyRule(id: "no-hooks", effect: .deny, environment: "production", hasHooks: true)]
        let withHooks = InstallPolicy.evaluate(rules, for: Self.subject(hasHooks: true))
        #expect(!withHooks.allowed)
        #expect(withHooks.ruleID == "no-hooks")
        #expect(withHooks.reason == "denied by rule no-hooks (deny plugins with hooks in production)")

        let withoutHooks = InstallPolicy.evaluate(rules, for: Self.subject(hasHooks: false))
        #expect(withoutHooks.allowed)
        #expect(withoutHooks.ruleID == nil)
        #expect(withoutHooks.reason == "no deny rule matches (rules: no-hooks) and no allow rule applies to production")
    }

    @Test("an unknown fact a rule needs fails closed, even for an allow rule")
    func unknownFactFailsClosed() {
        let hooksDeny = [PolicyRule(id: "no-hooks", effect: .deny, environment: "production", hasHooks: true)]
        let unknownHooks = InstallPolicy.evaluate(hooksDeny, for: Self.subject(hasHooks: nil))
        #expect(!unknownHooks.allowed)
        #expect(unknownHooks.ruleID == "no-hooks")
        #expect(unknownHooks.reason.contains("could not be evaluated"))
        #expect(unknownHooks.reason.contains("whether the plugin ships hooks is unknown"))

        let mcpAllow = [PolicyRule(id: "no-mcp-only", effect: .allow, environment: "*", hasMCP: false)]
        let unknownMCP = InstallPolicy.evaluate(mcpAllow, for: Self.subject(hasMCP: nil))
        #expect(!unknownMCP.allowed)
        #expect(unknownMCP.ruleID == "no-mcp-only")
        #expect(unknownMCP.reason.contains("could not be evaluated"))
        #expect(unknownMCP.reason.contains("MCP servers"))
    }

    @Test("an unknown fact does not block when the rule's other conditions already do not match")
    func unknownFactIrrelevantWhenOtherConditionMisses() {
        let rules = [PolicyRule(id: "fabrikam-hooks", effect: .deny, environment: "production", marketplace: "fabrikam", hasHooks: true)]
        let decision = InstallPolicy.evaluate(rules, for: Self.subject(marketplace: "contoso-tools", hasHooks: nil))
        #expect(decision.allowed)
        #expect(decision.ruleID == nil)
    }

    @Test("a malformed applicable rule denies (fail closed) even when it is an allow rule")
    func malformedFailsClosed() {
        let rules = [
            PolicyRule(id: "rule-1", effect: .allow, environment: "*"),
            PolicyRule(id: "rule-2", effect: .allow, environment: "production", plugin: "*foo"),
        ]
        let decision = InstallPolicy.evaluate(rules, for: Self.subject(plugin: "barfoo"))
        #expect(!decision.allowed)
        #expect(decision.ruleID == "rule-2")
        #expect(decision.reason.contains("rule rule-2"))
        #expect(decision.reason.contains("could not be evaluated"))
        #expect(decision.reason.contains("\"*foo\""))

        // The malformed rule only applies in production; staging is decided by rule-1.
        let staging = InstallPolicy.evaluate(rules, for: Self.subject("staging", plugin: "barfoo"))
        #expect(staging.allowed)
        #expect(staging.ruleID == "rule-1")
    }

    @Test("rules for another environment are ignored")
    func otherEnvironmentsIgnored() {
        let rules = [
            PolicyRule(id: "staging-lockdown", effect: .deny, environment: "staging"),
            PolicyRule(id: "dev-only", effect: .allow, environment: "dev", marketplace: "sandbox"),
        ]
        let decision = InstallPolicy.evaluate(rules, for: Self.subject("production"))
        #expect(decision == PolicyDecision(allowed: true, ruleID: nil, reason: "no policy rule applies"))
        #expect(!InstallPolicy.evaluate(rules, for: Self.subject("staging")).allowed)
    }

    @Test("no rules: allowed, no rule id, \"no policy rule applies\"")
    func noRules() {
        let decision = InstallPolicy.evaluate([], for: Self.subject(hasHooks: nil, hasMCP: nil))
        #expect(decision.allowed)
        #expect(decision.ruleID == nil)
        #expect(decision.reason == "no policy rule applies")
    }

    @Test("problem() explains malformed rules and accepts well-formed ones")
    func problems() {
        func problem(_ rule: PolicyRule) -> String? { rule.problem() }
        #expect(problem(PolicyRule(id: "r", effect: .allow, environment: "*")) == nil)
        #expect(problem(PolicyRule(id: "r", effect: .deny, environment: "production", marketplace: "contoso-*", plugin: "*",
                                   hasHooks: true, hasMCP: false, note: "why")) == nil)

        #expect(problem(PolicyRule(id: "r", effect: .allow, environment: "")) == "the environment is empty; use \"*\" for every environment")
        #expect(problem(PolicyRule(id: "", effect: .allow, environment: "*")) == "the rule id is empty")
        #expect(problem(PolicyRule(id: "r", effect: .allow, environment: "prod*"))
            == "the environment \"prod*\" is a glob; it must be an environment name or \"*\"")
        #expect(problem(PolicyRule(id: "r", effect: .allow, environment: "*", plugin: "*foo"))
            == "the plugin glob \"*foo\" has \"*\" before its end; only a trailing \"*\" is supported")
        #expect(problem(PolicyRule(id: "r", effect: .deny, environment: "*", marketplace: "con*toso"))
            == "the marketplace glob \"con*toso\" has \"*\" before its end; only a trailing \"*\" is supported")
        #expect(problem(PolicyRule(id: "r", effect: .deny, environment: "*", marketplace: ""))
            == "the marketplace condition is empty; leave it out to match any marketplace")
        #expect(problem(PolicyRule(id: "r", effect: .deny, environment: "*", plugin: "  "))
            == "the plugin condition is empty; leave it out to match any plugin")
    }

    @Test("rules decode from JSON with absent conditions as \"any\"")
    func decoding() throws {
        let json = #"[{"id":"rule-1","effect":"deny","environment":"production","hasHooks":true}]"#
        let rules = try JSONDecoder().decode([PolicyRule].self, from: Data(json.utf8))
        #expect(rules == [PolicyRule(id: "rule-1", effect: .deny, environment: "production", hasHooks: true)])
        #expect(!InstallPolicy.evaluate(rules, for: Self.subject(hasHooks: true)).allowed)
    }
}

@Suite("Install policy: runsCommands")
struct RunsCommandsPolicyTests {
    static let rules = [PolicyRule(id: "no-local-commands", effect: .deny, environment: "*", runsCommands: true)]

    static func subject(runsCommands: Bool?) -> PolicySubject {
        PolicySubject(environment: "production", marketplace: "contoso", plugin: "editor-kit", hasHooks: false, hasMCP: false, runsCommands: runsCommands)
    }

    @Test("a plugin that runs commands is denied, one that runs none is allowed, an unknown one fails closed")
    func runsCommands() {
        let denied = InstallPolicy.evaluate(Self.rules, for: Self.subject(runsCommands: true))
        #expect(!denied.allowed && denied.ruleID == "no-local-commands")
        #expect(denied.reason == "denied by rule no-local-commands (deny plugins running commands on the user's machine in every environment)")
        #expect(InstallPolicy.evaluate(Self.rules, for: Self.subject(runsCommands: false)).allowed)
        let unknown = InstallPolicy.evaluate(Self.rules, for: Self.subject(runsCommands: nil))
        #expect(!unknown.allowed && unknown.reason.contains("whether the plugin runs commands on the user's machine is unknown"))
    }
}
