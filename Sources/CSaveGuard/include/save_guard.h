#ifndef BALANS_SAVE_GUARD_H
#define BALANS_SAVE_GUARD_H

/// The temporary files of saves in progress, so that a terminating signal can remove them
/// (SPEC §2: "the temporary file is removed when anything fails, a terminating signal included").
///
/// While at least one save is in progress, SIGTERM, SIGINT, SIGHUP, SIGPIPE and SIGQUIT are handled
/// wherever their disposition is the default one: the handler unlinks every registered temporary
/// file, then re-raises the signal with the default disposition, so the parent still sees the
/// process end by that signal. A signal that is ignored (nohup) stays ignored, and a signal that
/// already has a handler (the dashboard's, which ends the event loop in order) is left to it: a
/// save is synchronous, so that handler's deferred exit comes after the save has renamed or removed
/// its temporary file. Crash handlers call `balans_save_guard_unlink_all`.
///
/// Everything the handler touches is static memory: fixed buffers and atomic flags.

/// Creates the temporary file like mkstemp(3) (`template_path` ends in XXXXXX and is filled in) and
/// registers it, with the signals above blocked in between, so that no signal can come between the
/// two. Returns the descriptor, or -1 with errno set.
int balans_save_guard_create(char *template_path);

/// Renames the registered temporary file over `target` and forgets it, with the signals blocked.
/// Returns rename(2)'s result (errno set on failure; the file stays registered then).
int balans_save_guard_commit(const char *temp_path, const char *target);

/// Unlinks the temporary file (when `remove` is non-zero) and forgets it, with the signals blocked.
void balans_save_guard_abandon(const char *temp_path, int remove);

/// Unlinks every registered temporary file. Async-signal-safe: for other signal handlers.
void balans_save_guard_unlink_all(void);

/// How many temporary files are registered now (for tests).
int balans_save_guard_active(void);

#endif
