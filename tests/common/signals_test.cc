#include "common/signals.h"

#include "absl/time/clock.h"
#include "common/files.h"
#include "common/log.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"
#include <sys/resource.h>

namespace werkmonitor {
namespace {

using ::testing::HasSubstr;

// Without IgnoreWriteSignals the write below kills this test binary with SIGXFSZ.
TEST(SignalsTest, AWritePastTheFileSizeLimitFailsAndIsLogged) {
  IgnoreWriteSignals();
  testing::TempDir dir;
  rlimit before{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &before), 0);
  rlimit small = before;
  small.rlim_cur = 1000;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  ::testing::internal::CaptureStderr();
  const absl::Status written = WriteFileAtomically(dir.File("large"), std::string(5000, 'x'));
  const std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &before), 0);

  EXPECT_EQ(written.code(), absl::StatusCode::kResourceExhausted) << written;
  EXPECT_THAT(testing::ErrorText(written), HasSubstr("cannot write"));
  EXPECT_THAT(log, HasSubstr("file size limit (ulimit -f) reached: a write failed with EFBIG\n"));
  EXPECT_EQ(log.substr(0, 2), "E ");
}

// The signal handler's time stamp is made without the time zone library; it must agree with it.
TEST(SignalsTest, SignalSafeTimeStampsMatchTheLogFormat) {
  for (int64_t seconds : {int64_t{0}, int64_t{951782400} /* 2000-02-29 */, int64_t{4107542399} /* 2100-02-28 */,
                          int64_t{4107542400} /* 2100-03-01 */, absl::ToUnixSeconds(absl::Now())}) {
    char formatted[21] = {};
    log_internal::FormatUtcSignalSafe(seconds, formatted);
    EXPECT_EQ(std::string(formatted),
              absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixSeconds(seconds), absl::UTCTimeZone()));
  }
}

}  // namespace
}  // namespace werkmonitor
