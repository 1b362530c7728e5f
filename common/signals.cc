#include "common/signals.h"

#include <pthread.h>
#include <signal.h>

#include "common/log.h"

namespace werkmonitor {
namespace {

sigset_t TerminationSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

void OnFileSizeLimit(int) {
  // The write that raised it fails with EFBIG once this returns.
  LogFromSignalHandler(LogLevel::kError, "file size limit (ulimit -f) reached: a write failed with EFBIG");
}

}  // namespace

void IgnoreWriteSignals() {
  signal(SIGPIPE, SIG_IGN);
  struct sigaction action = {};
  action.sa_handler = OnFileSizeLimit;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGXFSZ, &action, nullptr);
}

void BlockTerminationSignals() {
  const sigset_t set = TerminationSet();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

absl::string_view WaitForTerminationSignal() {
  const sigset_t set = TerminationSet();
  int signal_number = 0;
  while (sigwait(&set, &signal_number) != 0) {
  }
  return signal_number == SIGINT ? "SIGINT" : "SIGTERM";
}

}  // namespace werkmonitor
