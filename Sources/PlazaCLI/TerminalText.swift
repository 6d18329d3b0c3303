import Foundation

/// Text from marketplaces and servers, made safe to show on a terminal.
///
/// Descriptions, names and bodies come from marketplace authors: raw, an `ESC[2J` would clear the
/// reader's screen, an OSC sequence retitle the window or hide a link, a bare CR overwrite a line,
/// a bidi override reorder what is read. Every human-readable line the CLI writes passes through
/// ``visible(_:)`` (the module's `print` below, and ``writeError(_:)``), so control characters are
/// shown, never interpreted. JSON output is escaped by ``jsonSafe(_:)`` instead, and stays valid.
enum TerminalText {
    /// `text` with control characters made visible: C0 in caret notation (`ESC` → `^[`, CR → `^M`;
    /// newline and tab kept, CR LF read as a newline), DEL as `^?`, C1 (including the one-byte CSI
    /// U+009B), bidi controls and other invisible format characters as `<U+XXXX>`.
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar.value {
            case 0x0A, 0x09: out.append(scalar)
            case 0x0D where index + 1 < scalars.count && scalars[index + 1] == "\n": continue
            case 0x00...0x1F: out.append(contentsOf: "^\(Character(Unicode.Scalar(UInt8(scalar.value + 0x40))))".unicodeScalars)
            case 0x7F: out.append(contentsOf: "^?".unicodeScalars)
            default:
                if needsEscape(scalar) {
                    out.append(contentsOf: String(format: "<U+%04X>", scalar.value).unicodeScalars)
                } else {
                    out.append(scalar)
                }
            }
        }
        return String(out)
    }

    /// JSON text with C1 controls and bidi or invisible format characters written as `\uXXXX`
    /// escapes (the encoder already escapes C0). Such characters occur only inside strings, so the
    /// document means the same and stays valid.
    static func jsonSafe(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { $0.value >= 0x7F && needsEscape($0) }) else { return json }
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if scalar.value >= 0x7F && needsEscape(scalar) {
                out.append(contentsOf: String(format: "\\u%04x", scalar.value).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF: return true  // bidi controls, zero-width, BOM
        default: return false
        }
    }

    /// Writes `plaza: error: …` to standard error, with the message made visible.
    static func writeError(_ message: String) {
        FileHandle.standardError.write(Data("plaza: error: \(visible(message))\n".utf8))
    }
}

/// Every `print` in the CLI goes through ``TerminalText/visible(_:)``: the one place where text
/// from a server or a marketplace reaches the terminal. Trusted escape sequences (colours) are
/// written with ``writeTrusted(_:)``.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Swift.print(TerminalText.visible(items.map { "\($0)" }.joined(separator: separator)), terminator: TerminalText.visible(terminator))
}

/// Writes text whose escape sequences the CLI made itself (colours), already made visible piecewise.
func writeTrusted(_ text: String) {
    Swift.print(text, terminator: "")
}
