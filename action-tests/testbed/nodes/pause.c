/*
 * The real nodes' sandbox ("pause") process: it holds a pod's namespaces open, reaps the zombies
 * of processes that end up parented to it (it is PID 1 of a pod that shares its PID namespace),
 * and exits 0 on SIGTERM or SIGINT, which is how the runtime stops a pod. Built static by the
 * test bed (nodes/images.ts) so its image needs no libc.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_stop(int sig) {
  (void)sig;
  _exit(0);
}

static void on_child(int sig) {
  (void)sig;
  int saved = errno;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
  errno = saved;
}

static void handle(int sig, void (*fn)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  if (sigaction(sig, &sa, NULL) < 0) {
    perror("pause: sigaction");
    exit(1);
  }
}

int main(int argc, char **argv) {
  (void)argv;
  if (argc > 1) {
    fprintf(stderr, "pause: takes no arguments\n");
    return 2;
  }
  if (getpid() != 1) {
    /* Not fatal: a sandbox without its own PID namespace still works. */
    fprintf(stderr, "pause: warning: not running as PID 1\n");
  }
  handle(SIGTERM, on_stop, 0);
  handle(SIGINT, on_stop, 0);
  handle(SIGCHLD, on_child, SA_NOCLDSTOP | SA_RESTART);
  for (;;) pause();
}
