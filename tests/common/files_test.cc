// ReadFile refuses what it cannot read in bounded time and memory: FIFOs (which would block until a
// writer comes), devices (/dev/zero never ends), directories, and files over the limit (checked
// before reading, so a sparse 1 GB file costs nothing).
#include "common/files.h"

#include <fcntl.h>
#include <unistd.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"
#include <sys/stat.h>

namespace werkmonitor {
namespace {

using ::testing::HasSubstr;

TEST(ReadFileTest, ReadsARegularFileWhole) {
  testing::TempDir dir;
  const std::string contents("binary\0bytes\n", 13);
  ASSERT_TRUE(WriteFileAtomically(dir.File("f"), contents).ok());
  absl::StatusOr<std::string> read = ReadFile(dir.File("f"));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, contents);
  EXPECT_EQ(*ReadFile(dir.File("f"), /*max_bytes=*/13), contents);  // the limit itself is allowed
}

TEST(ReadFileTest, AMissingFileIsNotFound) {
  testing::TempDir dir;
  absl::StatusOr<std::string> read = ReadFile(dir.File("nothing"));
  EXPECT_EQ(read.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(testing::ErrorText(read.status()), HasSubstr(dir.File("nothing")));
}

TEST(ReadFileTest, RefusesAFifoWithoutWaitingForAWriter) {
  testing::TempDir dir;
  ASSERT_EQ(mkfifo(dir.File("fifo").c_str(), 0600), 0);
  absl::StatusOr<std::string> read = ReadFile(dir.File("fifo"));  // would block forever if it waited
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(testing::ErrorText(read.status()), HasSubstr(dir.File("fifo") + ": not a regular file but a FIFO"));
}

TEST(ReadFileTest, RefusesDevicesAndDirectories) {
  absl::StatusOr<std::string> read = ReadFile("/dev/zero");
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(testing::ErrorText(read.status()), HasSubstr("/dev/zero: not a regular file but a character device"));

  testing::TempDir dir;
  read = ReadFile(dir.path().string());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(testing::ErrorText(read.status()), HasSubstr("not a regular file but a directory"));
}

TEST(ReadFileTest, RefusesAFileOverTheLimitBeforeReadingIt) {
  testing::TempDir dir;
  const std::string path = dir.File("sparse");
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, int64_t{1} << 30), 0);  // 1 GiB of holes: no disk used
  close(fd);
  absl::StatusOr<std::string> read = ReadFile(path);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(testing::ErrorText(read.status()), HasSubstr(path + ": 1073741824 bytes, more than the limit of 64 MiB"));

  ASSERT_TRUE(WriteFileAtomically(path, "fourteen bytes").ok());
  read = ReadFile(path, /*max_bytes=*/10);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(testing::ErrorText(read.status()), HasSubstr("14 bytes, more than the limit of 10 bytes"));
}

}  // namespace
}  // namespace werkmonitor
