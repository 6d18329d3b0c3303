import Hummingbird

/// `GET /metrics`: Prometheus text for administrators.
///
/// Series carry marketplace names (`plaza_syncs_total{marketplace="…"}`), and names of hidden
/// marketplaces are not for every caller, so the route needs an admin token. With
/// `serve --public-metrics`, callers without a token get the same series with the `marketplace`
/// label removed and the series it separated summed.
struct MetricsRoute {
    let access: AccessControl
    let publicMetrics: Bool

    func add(to router: Router<PlazaRequestContext>) {
        router.get("metrics") { request, _ in
            let text = String(decoding: Telemetry.registry.emitToBuffer(), as: UTF8.self)
            let body: String
            if publicMetrics && request.headers[.authorization] == nil {
                body = Self.withoutMarketplaces(text)
            } else {
                _ = try await access.require(.administer, request, action: "metrics.read")
                body = text
            }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
    }

    /// The exposition with every `marketplace="…"` label dropped; samples that differed only by it are added up.
    static func withoutMarketplaces(_ text: String) -> String {
        var order: [String] = []
        var sums: [String: Double] = [:]
        var lines: [String: String] = [:]  // comment lines keep their place
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                let key = "#\(index)"
                order.append(key)
                lines[key] = String(line)
                continue
            }
            let series = dropMarketplaceLabel(String(line[..<space]))
            if sums[series] == nil { order.append(series) }
            sums[series, default: 0] += value
        }
        return order.map { key in
            if let line = lines[key] { return line }
            let value = sums[key] ?? 0
            return "\(key) \(value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value))"
        }.joined(separator: "\n")
    }

    private static func dropMarketplaceLabel(_ series: String) -> String {
        guard let start = series.range(of: "marketplace=\"") else { return series }
        var end = start.upperBound
        while end < series.endIndex && series[end] != "\"" {
            if series[end] == "\\" { end = series.index(after: end) }
            if end < series.endIndex { end = series.index(after: end) }
        }
        if end < series.endIndex { end = series.index(after: end) }
        var result = String(series[..<start.lowerBound]) + String(series[end...])
        result = result.replacingOccurrences(of: "{,", with: "{").replacingOccurrences(of: ",,", with: ",")
            .replacingOccurrences(of: ",}", with: "}").replacingOccurrences(of: "{}", with: "")
        return result
    }
}
