/// An owner or author: `{"name", "email"?, "url"?}`.
public struct Person: Sendable, Hashable, Codable {
    public var name: String
    public var email: String?
    public var url: String?

    public init(name: String, email: String? = nil, url: String? = nil) {
        self.name = name
        self.email = email
        self.url = url
    }
}
