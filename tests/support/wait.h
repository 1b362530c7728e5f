// Waiting for a condition in tests, instead of sleeping and hoping: a test decides which path it
// exercises by what happened, never by how fast the machine was.
//
//   ASSERT_TRUE(WaitUntil([&] { return worker.rendered() >= 2; })) << "the worker never re-rendered";
#ifndef WERKMONITOR_TESTS_SUPPORT_WAIT_H_
#define WERKMONITOR_TESTS_SUPPORT_WAIT_H_

#include <functional>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace werkmonitor::testing {

// Polls `condition` every `poll` until it holds (true) or `timeout` has passed (false). The
// timeout is a bound for a broken program, not a measure of speed: keep it generous.
[[nodiscard]] inline bool WaitUntil(const std::function<bool()>& condition,
                                    absl::Duration timeout = absl::Seconds(30),
                                    absl::Duration poll = absl::Milliseconds(10)) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!condition()) {
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(poll);
  }
  return true;
}

}  // namespace werkmonitor::testing

#endif  // WERKMONITOR_TESTS_SUPPORT_WAIT_H_
