#include "signal_cleanup.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#define SLOT_COUNT 64
#define PATH_CAPACITY 4096

/// Slot states: free, being filled (not yet visible to the handler), armed (the handler removes it).
enum { SLOT_FREE = 0, SLOT_FILLING = 1, SLOT_ARMED = 2 };

static char slot_paths[SLOT_COUNT][PATH_CAPACITY];
static atomic_int slot_states[SLOT_COUNT];
static atomic_uint next_slot;
static atomic_int installed;

static const int handled_signals[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGXFSZ };

static void remove_registered_files(int signal_number) {
    int saved = errno;
    for (int i = 0; i < SLOT_COUNT; i++) {
        if (atomic_load(&slot_states[i]) == SLOT_ARMED) {
            unlink(slot_paths[i]);
        }
    }
    errno = saved;
    // SA_RESETHAND put the default action back; raising the signal again ends the process with it, so the
    // exit status still says which signal ended it (130 for Ctrl-C in a shell).
    raise(signal_number);
}

void qa_cleanup_install(void) {
    int expected = 0;
    if (!atomic_compare_exchange_strong(&installed, &expected, 1)) {
        return;
    }
    for (size_t k = 0; k < sizeof handled_signals / sizeof handled_signals[0]; k++) {
        struct sigaction current;
        if (sigaction(handled_signals[k], NULL, &current) != 0) {
            continue;
        }
        if ((current.sa_flags & SA_SIGINFO) || current.sa_handler != SIG_DFL) {
            continue;  // ignored, or someone else's handler: leave it
        }
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = remove_registered_files;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND;
        sigaction(handled_signals[k], &action, NULL);
    }
}

int qa_cleanup_register(const char *path) {
    size_t length = strlen(path);
    if (length >= PATH_CAPACITY) {
        return -1;
    }
    for (int attempt = 0; attempt < SLOT_COUNT; attempt++) {
        int slot = (int)(atomic_fetch_add(&next_slot, 1u) % SLOT_COUNT);
        int expected = SLOT_FREE;
        if (atomic_compare_exchange_strong(&slot_states[slot], &expected, SLOT_FILLING)) {
            memcpy(slot_paths[slot], path, length + 1);
            atomic_store(&slot_states[slot], SLOT_ARMED);
            return slot;
        }
    }
    return -1;
}

void qa_cleanup_unregister(int slot) {
    if (slot >= 0 && slot < SLOT_COUNT) {
        atomic_store(&slot_states[slot], SLOT_FREE);
    }
}
