import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import PlazaCatalog
import PlazaIdentity
import PlazaSync

/// `POST /v1/webhooks/github`: GitHub push deliveries trigger a sync of the matching marketplaces.
///
/// A delivery is accepted only when its `X-Hub-Signature-256` is the HMAC-SHA256 of the raw body
/// under the webhook secret of a marketplace registered for that repository (compared in constant
/// time). Deliveries are remembered by `X-GitHub-Delivery` so a replay is refused. Pushes to other
/// refs than the one a marketplace indexes are acknowledged and ignored.
struct WebhookRoutes {
    let store: any MarketplaceRepository & AuditRepository
    let engine: SyncEngine
    let secrets: SecretResolver
    let deliveries: DeliveryLog

    func add(to group: RouterGroup<PlazaRequestContext>) {
        group.post("webhooks/github", use: github)
    }

    @Sendable func github(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let body = Data(try await request.body.collect(upTo: 1 << 20).readableBytesView)
        guard let signature = request.headers[HTTPField.Name("X-Hub-Signature-256")!], signature.hasPrefix("sha256=") else {
            throw Problem(.unauthorized, "unsigned", "the delivery has no X-Hub-Signature-256; configure the webhook with a secret")
        }
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        let repository = object["repository"] as? [String: Any] ?? [:]
        let urls = ["clone_url", "html_url", "ssh_url", "git_url", "url"].compactMap { repository[$0] as? String }.map(RepositoryKey.normalise)
        var verified: [Marketplace] = []
        for marketplace in try await store.marketplaces() where urls.contains(RepositoryKey.normalise(marketplace.registration.url)) {
            guard let reference = marketplace.registration.webhookSecret, let secret = try? await secrets.resolve(reference) else { continue }
            if Self.verify(signature: signature, body: body, secret: secret) { verified.append(marketplace) }
        }
        guard !verified.isEmpty else {
            try? await store.record(AuditEvent(actor: "github-webhook", action: "webhook.push", target: urls.first ?? "unknown repository",
                                               outcome: "refused", detail: "signature does not match"))
            throw Problem(.unauthorized, "bad-signature", "the signature does not match the webhook secret of any marketplace registered for this repository")
        }
        let delivery = request.headers[HTTPField.Name("X-GitHub-Delivery")!] ?? ""
        guard !delivery.isEmpty, await deliveries.record(delivery) else {
            throw Problem(.conflict, "replayed", "delivery '\(delivery)' was already received (or has no X-GitHub-Delivery id)")
        }
        let event = request.headers[HTTPField.Name("X-GitHub-Event")!] ?? ""
        if event == "ping" { return try JSONCoding.response(["status": "pong"]) }
        guard event == "push", let ref = object["ref"] as? String else {
            return try JSONCoding.response(WebhookResult(event: event, triggered: [], ignored: verified.map(\.registration.name)), status: .accepted)
        }
        let defaultBranch = (repository["default_branch"] as? String).map { "refs/heads/\($0)" }
        var triggered: [String] = [], ignored: [String] = []
        for marketplace in verified {
            let wanted = marketplace.registration.ref.map { $0.hasPrefix("refs/") ? $0 : "refs/heads/\($0)" } ?? marketplace.status.ref ?? defaultBranch
            let name = marketplace.registration.name
            if wanted == nil || wanted == ref || (marketplace.registration.ref.map { "refs/tags/\($0)" } == ref) {
                let engine = self.engine
                Task { try? await engine.sync(name, actor: "github-webhook") }
                triggered.append(name)
            } else {
                ignored.append(name)
            }
        }
        context.logger.info("webhook push", metadata: ["ref": "\(ref)", "triggered": "\(triggered)", "ignored": "\(ignored)"])
        return try JSONCoding.response(WebhookResult(event: event, triggered: triggered, ignored: ignored), status: .accepted)
    }

    /// Constant-time comparison of `sha256=<hex>` with the HMAC of the body.
    static func verify(signature: String, body: Data, secret: String) -> Bool {
        let expected = "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
        let a = Array(expected.utf8), b = Array(signature.lowercased().utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

struct WebhookResult: Encodable {
    let event: String
    let triggered: [String]
    let ignored: [String]
}

/// Delivery ids already received (the most recent 10,000), to refuse replays.
actor DeliveryLog {
    private var seen: Set<String> = []
    private var order: [String] = []

    /// Records a delivery id; false when it was seen before.
    func record(_ id: String) -> Bool {
        guard seen.insert(id).inserted else { return false }
        order.append(id)
        if order.count > 10_000 { seen.remove(order.removeFirst()) }
        return true
    }
}

/// Compares repository URLs across their spellings (`https://github.com/a/b.git`, `git@github.com:a/b`).
public enum RepositoryKey {
    /// `host/owner/repo`, lowercased, without scheme, user, or `.git`.
    public static func normalise(_ url: String) -> String {
        var text = url.lowercased()
        if text.hasPrefix("git@"), let colon = text.firstIndex(of: ":") {
            text = String(text[text.index(text.startIndex, offsetBy: 4)..<colon]) + "/" + text[text.index(after: colon)...]
        }
        for scheme in ["https://", "http://", "ssh://", "git://"] where text.hasPrefix(scheme) { text.removeFirst(scheme.count) }
        if let at = text.firstIndex(of: "@"), at < (text.firstIndex(of: "/") ?? text.endIndex) { text = String(text[text.index(after: at)...]) }
        if text.hasSuffix(".git") { text.removeLast(4) }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

