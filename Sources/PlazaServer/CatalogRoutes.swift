import Foundation
import Hummingbird
import HummingbirdCore
import HTTPTypes
import PlazaCatalog
import PlazaFormats
import PlazaInstall

/// `/v1/search`, `/v1/catalog/...` and plugin content routes.
struct CatalogRoutes {
    let store: any CatalogRepository
    /// Reads plugin files from the mirrors.
    let content: InstallationService
    let access: AccessControl

    static let maximumFileBytes = 5 << 20

    func add(to group: RouterGroup<PlazaRequestContext>) {
        group.get("search", use: search)
        group.get("catalog/:kind/:name", use: lookup)
        group.get("marketplaces/:marketplace/plugins/:plugin", use: plugin)
        group.get("marketplaces/:marketplace/plugins/:plugin/files/**", use: file)
        group.get("marketplaces/:marketplace/plugins/:plugin/:kind/:name", use: component)
    }

    @Sendable func search(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.read, request)
        var query = try SearchParameters.query(from: request.uri.queryParameters)
        query.visibleMarketplaces = try await access.visibleMarketplaces(caller)
        let page = try await store.search(query)
        return try JSONCoding.response(SearchView(
            query: query.text, total: page.total, totalIsLowerBound: page.totalIsLowerBound, results: page.hits.map { EntryView($0.entry, score: $0.score) },
            facets: page.facets, nextCursor: page.nextCursor?.encoded, corrections: page.corrections))
    }

    /// Every entry of a kind with an exact name (`plaza show skill triage-alert`), with details.
    @Sendable func lookup(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.read, request)
        let kind = try SearchParameters.kind(try context.path("kind"))
        let name = try context.path("name")
        let parameters = request.uri.queryParameters
        let visible = try await access.visibleMarketplaces(caller).map(Set.init)
        let matches = try await store.entries(kind: kind, name: name, marketplace: parameters.get("marketplace"), plugin: parameters.get("plugin"))
            .filter { visible?.contains($0.marketplace) ?? true }
        guard !matches.isEmpty else { throw Problem.notFound("no \(kind.rawValue) named '\(name)'; try `plaza search \(name)`") }
        var views: [EntryView] = []
        for entry in matches { views.append(EntryView(entry, details: true, body: try await store.body(of: entry))) }
        return try JSONCoding.response(["results": views])
    }

    @Sendable func plugin(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let (marketplace, plugin) = (try context.path("marketplace"), try context.path("plugin"))
        try await access.requireVisible(marketplace, for: try await access.require(.read, request))
        let entries = try await store.entries(marketplace: marketplace, plugin: plugin)
        guard let pluginEntry = entries.first(where: { $0.kind == .plugin }) else {
            throw Problem.notFound("no plugin '\(plugin)' in marketplace '\(marketplace)'")
        }
        return try JSONCoding.response(PluginView(plugin: EntryView(pluginEntry, details: true),
                                                  components: entries.filter { $0.kind != .plugin }.map { EntryView($0, details: true) }))
    }

    @Sendable func component(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.read, request)
        let kind = try SearchParameters.kind(try context.path("kind"))
        let (marketplace, plugin, name) = (try context.path("marketplace"), try context.path("plugin"), try context.path("name"))
        try await access.requireVisible(marketplace, for: caller)
        guard let entry = try await store.entries(kind: kind, name: name, marketplace: marketplace, plugin: plugin).first else {
            throw Problem.notFound("no \(kind.rawValue) '\(name)' in plugin '\(plugin)@\(marketplace)'")
        }
        return try JSONCoding.response(EntryView(entry, details: true, body: try await store.body(of: entry)))
    }

    /// A file of the plugin, read from Plaza's mirror at the commit the plugin was indexed at.
    @Sendable func file(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let (marketplace, plugin) = (try context.path("marketplace"), try context.path("plugin"))
        try await access.requireVisible(marketplace, for: try await access.require(.read, request))
        let relative = try context.catchAllPath()
        if let problem = RelativePath.problems(relative, requireDotSlash: false).first(where: { $0.isSecurity || $0 == .empty }) {
            throw Problem.badRequest("file path '\(relative)' \(problem.message)")
        }
        let file: PluginFile
        do {
            file = try await content.pluginFile(marketplace: marketplace, plugin: plugin, path: relative, limit: Self.maximumFileBytes)
        } catch let error as PluginFileError {
            switch error {
            case .noPlugin: throw Problem.notFound("no plugin '\(plugin)' in marketplace '\(marketplace)'")
            case .unavailable(let reason): throw Problem(.conflict, "unavailable", "plugin '\(plugin)@\(marketplace)' is unavailable: \(reason)")
            case .noFile(let commit): throw Problem.notFound("no file '\(relative)' in plugin '\(plugin)@\(marketplace)' at \(commit.prefix(12))")
            case .tooLarge(let limit): throw Problem(.contentTooLarge, "too-large", "'\(relative)' is larger than \(limit) bytes")
            }
        }
        var headers: HTTPFields = [.contentType: ContentTypes.guess(relative, file.bytes)]
        headers[HTTPField.Name("X-Plaza-Commit")!] = file.commit
        headers[.eTag] = "\"\(file.commit):\(file.path)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }
}

struct PluginView: Encodable {
    let plugin: EntryView
    let components: [EntryView]
}

enum ContentTypes {
    static func guess(_ path: String, _ bytes: [UInt8]) -> String {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".md") { return "text/markdown; charset=utf-8" }
        if lowered.hasSuffix(".json") { return "application/json" }
        if lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") { return "application/yaml" }
        return String(validating: bytes, as: UTF8.self) != nil ? "text/plain; charset=utf-8" : "application/octet-stream"
    }
}

/// Reads search parameters from a query string, refusing malformed ones with a 400.
enum SearchParameters {
    static func query(from parameters: FlatDictionary<Substring, Substring>) throws -> SearchQuery {
        let kinds = try (parameters.getAll("kind").flatMap { $0.split(separator: ",").map(String.init) }).map(kind)
        var limit = 20
        if let text = parameters.get("limit") {
            guard let value = Int(text), (1...SearchQuery.maximumLimit).contains(value) else {
                throw Problem.badRequest("limit must be a number from 1 to \(SearchQuery.maximumLimit)")
            }
            limit = value
        }
        var cursor: SearchCursor?
        if let text = parameters.get("cursor") {
            guard let decoded = SearchCursor(encoded: text) else { throw Problem.badRequest("cursor is not one this server issued") }
            cursor = decoded
        }
        return SearchQuery(text: parameters.get("q") ?? "", kinds: kinds, marketplace: parameters.get("marketplace"),
                           plugin: parameters.get("plugin"), category: parameters.get("category"), tag: parameters.get("tag"),
                           hasMCP: try flag(parameters, "hasMcp"), hasHooks: try flag(parameters, "hasHooks"), limit: limit, cursor: cursor)
    }

    static func kind(_ text: String) throws -> EntryKind {
        guard let kind = EntryKind(loose: text) else {
            throw Problem.badRequest("unknown kind '\(text)'; use one of: \(EntryKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }

    /// A boolean query parameter (`true`/`false`, `1`/`0`, `yes`/`no`); nil when absent, 400 when neither.
    static func flag(_ parameters: FlatDictionary<Substring, Substring>, _ name: String) throws -> Bool? {
        guard let text = parameters.get(name) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw Problem.badRequest("\(name) must be true or false")
        }
    }
}
