import Yams

/// Reads YAML (frontmatter, Azure SRE Agent files) into a ``Node`` tree.
///
/// Aliases are expanded while converting, against a budget of ``ParseLimits/maxYAMLNodes`` values,
/// so an alias bomb ("billion laughs") is refused quickly instead of exhausting memory. Nesting is
/// bounded by ``ParseLimits/maxDepth``. `lineOffset` shifts reported lines when the YAML starts
/// inside a larger file (frontmatter after the opening `---`).
public enum YAMLReader {
    public static func parse(_ text: String, lineOffset: Int = 0, limits: ParseLimits = .default) throws(ParseError) -> Node {
        guard text.utf8.count <= limits.maxManifestBytes else {
            throw ParseError("the YAML is \(text.utf8.count) bytes, over the limit of \(limits.maxManifestBytes)")
        }
        let root: Yams.Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.describe(error, lineOffset: lineOffset)
        } catch {
            throw ParseError("could not parse YAML: \(error)")
        }
        guard let root else { return Node(.null, pointer: "", location: SourceLocation(line: lineOffset + 1, column: 1)) }
        var budget = Budget(values: limits.maxYAMLNodes, pointerBytes: limits.maxPointerBytes)
        return try convert(root, pointer: "", depth: 0, budget: &budget, limits: limits, lineOffset: lineOffset)
    }

    /// What a document may still use: values (aliases expanded) and bytes of pointers (long keys
    /// above many values would otherwise cost memory quadratic in the input).
    private struct Budget {
        var values: Int
        var pointerBytes: Int
    }

    private static func convert(_ node: Yams.Node, pointer: String, depth: Int, budget: inout Budget,
                                limits: ParseLimits, lineOffset: Int) throws(ParseError) -> Node {
        let location = node.mark.map { SourceLocation(line: $0.line + lineOffset, column: $0.column) }
        budget.values -= 1
        guard budget.values >= 0 else {
            throw ParseError("the YAML expands to more than \(limits.maxYAMLNodes) values (aliases used as a bomb?)", at: location)
        }
        budget.pointerBytes -= pointer.utf8.count
        guard budget.pointerBytes >= 0 else {
            throw ParseError("keys are too long for how many values are under them (over \(limits.maxPointerBytes) bytes of key paths)", at: location)
        }
        guard depth <= limits.maxDepth else { throw ParseError("nesting is deeper than \(limits.maxDepth) levels", at: location) }
        switch node {
        case .scalar(let scalar):
            return Node(scalarValue(scalar, node: node), pointer: pointer, location: location, text: scalar.string)
        case .sequence(let sequence):
            var elements: [Node] = []
            for (offset, element) in sequence.enumerated() {
                elements.append(try convert(element, pointer: pointer + "/\(offset)", depth: depth + 1, budget: &budget,
                                            limits: limits, lineOffset: lineOffset))
            }
            return Node(.array(elements), pointer: pointer, location: location)
        case .mapping(let mapping):
            var members: [Node.Member] = []
            for (key, value) in mapping {
                let name = key.string ?? key.scalar?.string ?? "\(key)"
                members.append(Node.Member(key: name, value: try convert(
                    value, pointer: Node.pointer(pointer, name), depth: depth + 1, budget: &budget,
                    limits: limits, lineOffset: lineOffset)))
            }
            return Node(.object(members), pointer: pointer, location: location)
        case .alias:
            throw ParseError("unresolved YAML alias", at: location)
        }
    }

    private static func scalarValue(_ scalar: Yams.Node.Scalar, node: Yams.Node) -> Node.Value {
        if scalar.style != .plain { return .string(scalar.string) }
        if node.null != nil { return .null }
        if let flag = node.bool { return .bool(flag) }
        if let integer = node.int { return .number(Double(integer)) }
        if let number = node.float, number.isFinite { return .number(number) }
        return .string(scalar.string)
    }

    private static func describe(_ error: YamlError, lineOffset: Int) -> ParseError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let what = [context?.text, problem].compactMap { $0 }.joined(separator: " ")
            return ParseError("invalid YAML: \(what)", at: SourceLocation(line: mark.line + lineOffset, column: mark.column))
        default:
            return ParseError("invalid YAML: \(error)")
        }
    }
}
