/// Rules for text shown to people: names and descriptions that could mislead a reader.
public enum TextRules {
    /// Whether `scalar` is a control character a terminal could act on: C0 other than newline and
    /// tab, DEL, C1 (including the one-byte CSI U+009B), or a bidirectional control.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        default: return NameRules.isBidiControl(scalar)
        }
    }

    /// Characters that take no space: zero-width spaces and joiners, word joiners, the BOM, soft
    /// hyphens and Hangul fillers (and every other Unicode format character).
    public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        [0x00AD, 0x115F, 0x1160, 0x3164, 0xFFA0].contains(scalar.value) || scalar.properties.generalCategory == .format
    }

    /// Warns (`text.control-character`) when a description or other display text holds control characters.
    static func checkDisplayText(_ text: String, field: String, reporter: FileReporter, at node: Node?) {
        guard text.unicodeScalars.contains(where: isControl) else { return }
        reporter.warning("text.control-character", "\(field) contains control characters (escape sequences, carriage returns or bidi overrides)",
                         at: node, hint: "remove them: terminals act on them, and Plaza's CLI shows them as ^[ or <U+…>")
    }

    /// Warns about a name that is valid but could imitate another: `name.invisible` for zero-width
    /// and other invisible characters, `name.confusable` for full-width forms and other non-ASCII
    /// letters (Cyrillic 'о' for Latin 'o'). Such names stay addressable.
    static func checkLookAlike(_ name: String, what: String, reporter: FileReporter, at node: Node?) {
        let scalars = name.unicodeScalars
        if scalars.contains(where: isInvisible) {
            reporter.warning("name.invisible", "\(what) '\(name)' contains an invisible character (zero-width or format character)",
                             at: node, hint: "use only a-z, 0-9 and '-'")
        } else if scalars.contains(where: { (0xFF01...0xFF5E).contains($0.value) }) {
            reporter.warning("name.confusable", "\(what) '\(name)' contains full-width characters that look like ASCII ones",
                             at: node, hint: "use only a-z, 0-9 and '-'")
        } else if !scalars.allSatisfy(\.isASCII) {
            reporter.warning("name.confusable", "\(what) '\(name)' contains non-ASCII characters that can look like other names (e.g. Cyrillic 'о' for Latin 'o'); some clients refuse them",
                             at: node, hint: "use only a-z, 0-9 and '-'")
        }
    }
}
