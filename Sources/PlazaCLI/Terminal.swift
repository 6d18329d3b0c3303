import Foundation

/// What the terminal we write to can do.
enum Terminal {
    /// Colours only on a terminal, and never when NO_COLOR is set.
    static var supportsColor: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

/// A one-line progress bar on standard error, shown only on a terminal.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let enabled: Bool
    private let lock = NSLock()
    private var shown = false
    private var lastDraw = Date.distantPast

    init(label: String, enabled: Bool) {
        self.label = label
        self.enabled = enabled && Terminal.stderrIsTerminal
    }

    func update(_ fraction: Double, detail: String) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.05 || fraction >= 1 else { return }
        lastDraw = now
        let width = 30
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(Int(fraction * 100))% \(detail)\u{1B}[K".utf8))
        shown = true
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}
