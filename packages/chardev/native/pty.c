// Pseudo-terminals for the pty chardev: Node has no openpty. N-API only, so the build does not
// depend on the Node version.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <node_api.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static napi_value throw_errno(napi_env env, const char *what, int err) {
  char msg[256];
  snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
  napi_value code, text, error;
  napi_create_string_utf8(env, strerror(err), NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &text);
  napi_create_error(env, NULL, text, &error);
  napi_value errno_value;
  napi_create_int32(env, err, &errno_value);
  napi_set_named_property(env, error, "errno", errno_value);
  napi_throw(env, error);
  return NULL;
}

static int fd_arg(napi_env env, napi_callback_info info, int *fd) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 ||
      napi_get_value_int32(env, argv[0], fd) != napi_ok) {
    napi_throw_type_error(env, NULL, "expected a file descriptor");
    return -1;
  }
  return 0;
}

// openpty() -> { fd, path }: a non-blocking, close-on-exec master whose slave is in raw mode. The
// slave is opened once to set its termios, then closed: the master then reports a hang-up until
// someone opens the slave path.
static napi_value js_openpty(napi_env env, napi_callback_info info) {
  (void)info;
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0) return throw_errno(env, "Failed to create PTY", errno);
  char path[PATH_MAX];
  if (grantpt(master) < 0 || unlockpt(master) < 0 || ptsname_r(master, path, sizeof path) != 0) {
    int err = errno;
    close(master);
    return throw_errno(env, "Failed to create PTY", err);
  }
  int slave = open(path, O_RDWR | O_NOCTTY);
  if (slave < 0) {
    int err = errno;
    close(master);
    return throw_errno(env, "Failed to create PTY", err);
  }
  struct termios tio;
  if (tcgetattr(slave, &tio) == 0) {
    cfmakeraw(&tio);
    tcsetattr(slave, TCSAFLUSH, &tio);
  }
  close(slave);
  int flags = fcntl(master, F_GETFL);
  if (flags < 0 || fcntl(master, F_SETFL, flags | O_NONBLOCK) < 0 ||
      fcntl(master, F_SETFD, FD_CLOEXEC) < 0) {
    int err = errno;
    close(master);
    return throw_errno(env, "Failed to set FD nonblocking", err);
  }
  napi_value result, fd_value, path_value;
  napi_create_object(env, &result);
  napi_create_int32(env, master, &fd_value);
  napi_create_string_utf8(env, path, NAPI_AUTO_LENGTH, &path_value);
  napi_set_named_property(env, result, "fd", fd_value);
  napi_set_named_property(env, result, "path", path_value);
  return result;
}

// hangup(fd) -> whether no one has the slave open (the master polls POLLHUP).
static napi_value js_hangup(napi_env env, napi_callback_info info) {
  int fd;
  if (fd_arg(env, info, &fd) < 0) return NULL;
  struct pollfd pfd = {.fd = fd, .events = POLLOUT, .revents = 0};
  int rc;
  do {
    rc = poll(&pfd, 1, 0);
  } while (rc < 0 && errno == EINTR);
  if (rc < 0) return throw_errno(env, "poll", errno);
  napi_value result;
  napi_get_boolean(env, (pfd.revents & POLLHUP) != 0, &result);
  return result;
}

// dup(fd) -> a close-on-exec duplicate (a reader stream owns and closes its own descriptor).
static napi_value js_dup(napi_env env, napi_callback_info info) {
  int fd;
  if (fd_arg(env, info, &fd) < 0) return NULL;
  int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) return throw_errno(env, "dup", errno);
  napi_value result;
  napi_create_int32(env, copy, &result);
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"openpty", NULL, js_openpty, NULL, NULL, NULL, napi_default, NULL},
      {"hangup", NULL, js_hangup, NULL, NULL, NULL, napi_default, NULL},
      {"dup", NULL, js_dup, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
