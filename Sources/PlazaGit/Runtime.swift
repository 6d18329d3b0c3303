import CLibGit2

/// Process-wide libgit2 initialisation, done once before any other libgit2 call.
enum Runtime {
    private static let initialised: Bool = {
        git_libgit2_init()
        // Mirrors are owned by the Plaza process, whatever uid created the directory.
        _ = plaza_git_set_owner_validation(0)
        // Busy mirrors accumulate pack files (libgit2 1.5 has no repack): cap open pack windows.
        _ = plaza_git_set_mwindow_file_limit(128)
        return true
    }()

    static func ensureInitialised() {
        _ = initialised
    }
}
