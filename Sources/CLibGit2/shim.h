#ifndef PLAZA_CLIBGIT2_SHIM_H
#define PLAZA_CLIBGIT2_SHIM_H

#include <git2.h>

/* git_libgit2_opts is variadic and cannot be called from Swift: one wrapper per option we use. */
static inline int plaza_git_set_mwindow_file_limit(size_t limit) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_FILE_LIMIT, limit);
}

static inline int plaza_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

#endif
