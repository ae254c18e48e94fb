#ifndef QA_SIGNAL_CLEANUP_H
#define QA_SIGNAL_CLEANUP_H

/// Temporary files removed when the process is ended by a signal it can catch (SIGHUP, SIGINT, SIGQUIT,
/// SIGTERM, SIGPIPE, SIGXFSZ). Paths are copied into fixed, preallocated slots when registered, so that the
/// handler only reads memory that already exists and calls unlink(2) and raise(3), both async-signal-safe.

/// Installs the handlers once (later calls do nothing). A signal that is ignored (e.g. SIGHUP under nohup)
/// or already has a handler of its own is left as it is.
void qa_cleanup_install(void);

/// Registers `path` for removal; returns a slot number for `qa_cleanup_unregister`, or -1 when the path is
/// longer than 4095 bytes or all 64 slots are in use (the file is then not removed on a signal).
int qa_cleanup_register(const char *path);

/// Forgets a slot (call after the file was renamed or removed). Negative slots are ignored.
void qa_cleanup_unregister(int slot);

#endif
