import Foundation
import PlazaCatalog
import Testing

@Suite("Entry counts")
struct EntryCountsTests {
    @Test("a status stored before output styles, LSP servers, monitors and channels existed still reads, with zero of them")
    func countsFromAnOlderPlaza() throws {
        let stored = #"{"plugins": 2, "unavailablePlugins": 0, "skills": 3, "agents": 1, "commands": 0, "hooks": 1, "mcpServers": 1}"#
        let counts = try JSONDecoder().decode(EntryCounts.self, from: Data(stored.utf8))
        #expect(counts.skills == 3 && counts.mcpServers == 1)
        #expect([counts.outputStyles, counts.lspServers, counts.monitors, counts.channels] == [0, 0, 0, 0] as [Int])
        #expect(counts.total == 8)
    }
}
