#include "save_guard.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/// Concurrent saves (the test runner saves on several threads); one more waits for a free slot.
#define SLOTS 16

enum { FREE = 0, FILLING = 1, READY = 2 };

static char slot_path[SLOTS][PATH_MAX];
static atomic_int slot_state[SLOTS];

static const int guarded[] = { SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT };
#define GUARDED (int)(sizeof guarded / sizeof guarded[0])

/// The handlers this module installed and what they replaced; guarded by `lock`.
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int active = 0;
static int installed[GUARDED];

void balans_save_guard_unlink_all(void) {
    for (int i = 0; i < SLOTS; i++) {
        if (atomic_load(&slot_state[i]) == READY) {
            (void)unlink(slot_path[i]);
        }
    }
}

static void handler(int sig) {
    int saved = errno;
    balans_save_guard_unlink_all();
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    (void)sigaction(sig, &dfl, NULL);
    // The signal is blocked while its handler runs: raised now, it is delivered with the default
    // disposition as soon as the handler returns, and ends the process.
    (void)raise(sig);
    errno = saved;
}

static void block(sigset_t *old) {
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < GUARDED; i++) sigaddset(&set, guarded[i]);
    (void)pthread_sigmask(SIG_BLOCK, &set, old);
}

static void unblock(const sigset_t *old) {
    (void)pthread_sigmask(SIG_SETMASK, old, NULL);
}

/// Takes over the guarded signals that have the default disposition (first save in progress).
static void install_locked(void) {
    for (int i = 0; i < GUARDED; i++) {
        installed[i] = 0;
        struct sigaction current;
        if (sigaction(guarded[i], NULL, &current) != 0) continue;
        if ((current.sa_flags & SA_SIGINFO) || current.sa_handler != SIG_DFL) continue;
        struct sigaction mine;
        memset(&mine, 0, sizeof mine);
        mine.sa_handler = handler;
        sigemptyset(&mine.sa_mask);
        // While one guarded signal is handled, the others wait: the first one ends the process.
        for (int j = 0; j < GUARDED; j++) sigaddset(&mine.sa_mask, guarded[j]);
        if (sigaction(guarded[i], &mine, NULL) == 0) installed[i] = 1;
    }
}

/// Gives the signals back (last save done), unless someone else has installed a handler since.
static void uninstall_locked(void) {
    for (int i = 0; i < GUARDED; i++) {
        if (!installed[i]) continue;
        installed[i] = 0;
        struct sigaction current;
        if (sigaction(guarded[i], NULL, &current) != 0) continue;
        if ((current.sa_flags & SA_SIGINFO) || current.sa_handler != handler) continue;
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigemptyset(&dfl.sa_mask);
        (void)sigaction(guarded[i], &dfl, NULL);
    }
}

static int find(const char *path) {
    for (int i = 0; i < SLOTS; i++) {
        if (atomic_load(&slot_state[i]) == READY && strcmp(slot_path[i], path) == 0) return i;
    }
    return -1;
}

int balans_save_guard_create(char *template_path) {
    size_t length = strlen(template_path);
    if (length >= PATH_MAX) {
        errno = ENAMETOOLONG;
        return -1;
    }
    sigset_t old;
    block(&old);
    // Claim a slot (rarely more than one is in use).
    int slot = -1;
    while (slot < 0) {
        for (int i = 0; i < SLOTS && slot < 0; i++) {
            int expected = FREE;
            if (atomic_compare_exchange_strong(&slot_state[i], &expected, FILLING)) slot = i;
        }
        if (slot < 0) {
            unblock(&old);
            sched_yield();
            block(&old);
        }
    }
    pthread_mutex_lock(&lock);
    if (active++ == 0) install_locked();
    pthread_mutex_unlock(&lock);
    int fd = mkstemp(template_path);
    int saved = errno;
    if (fd >= 0) {
        memcpy(slot_path[slot], template_path, length + 1);
        atomic_store(&slot_state[slot], READY);
    } else {
        atomic_store(&slot_state[slot], FREE);
        pthread_mutex_lock(&lock);
        if (--active == 0) uninstall_locked();
        pthread_mutex_unlock(&lock);
    }
    unblock(&old);
    errno = saved;
    return fd;
}

static void release_locked_slot(int slot) {
    atomic_store(&slot_state[slot], FREE);
    pthread_mutex_lock(&lock);
    if (--active == 0) uninstall_locked();
    pthread_mutex_unlock(&lock);
}

int balans_save_guard_commit(const char *temp_path, const char *target) {
    sigset_t old;
    block(&old);
    int result = rename(temp_path, target);
    int saved = errno;
    if (result == 0) {
        int slot = find(temp_path);
        if (slot >= 0) release_locked_slot(slot);
    }
    unblock(&old);
    errno = saved;
    return result;
}

void balans_save_guard_abandon(const char *temp_path, int remove) {
    sigset_t old;
    block(&old);
    int saved = errno;
    if (remove) (void)unlink(temp_path);
    int slot = find(temp_path);
    if (slot >= 0) release_locked_slot(slot);
    unblock(&old);
    errno = saved;
}

int balans_save_guard_active(void) {
    int n = 0;
    for (int i = 0; i < SLOTS; i++) {
        if (atomic_load(&slot_state[i]) == READY) n++;
    }
    return n;
}
