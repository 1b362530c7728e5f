// Signals for the programs: the terminating ones (SIGINT, SIGTERM) are taken by the one thread that
// waits for them, never by a thread some library started; the ones that would kill the process in
// the middle of a write (SIGPIPE, SIGXFSZ) become failed writes that the code reports.
//
//   int main(int argc, char** argv) {
//     IgnoreWriteSignals();
//     BlockTerminationSignals();  // before anything starts a thread
//     ... start serving ...
//     const absl::string_view received = WaitForTerminationSignal();
//     WM_LOG(INFO) << "received " << received << ", shutting down";
//   }
#ifndef WERKMONITOR_COMMON_SIGNALS_H_
#define WERKMONITOR_COMMON_SIGNALS_H_

#include "absl/strings/string_view.h"

namespace werkmonitor {

// A write to a closed pipe or socket then fails with EPIPE, and a write past the file size limit
// (ulimit -f, RLIMIT_FSIZE) with EFBIG, which callers report like a full disk; by default either
// signal kills the process without a word. SIGXFSZ is also logged, because the failed write may
// reach the log only as a generic I/O error (SQLite's SQLITE_IOERR_WRITE).
void IgnoreWriteSignals();

// Blocks SIGINT and SIGTERM in the calling thread and so in every thread it starts later, leaving
// them to WaitForTerminationSignal. Call before gRPC or anything else starts a thread.
void BlockTerminationSignals();

// Waits for SIGINT or SIGTERM (blocked beforehand) and returns its name: "SIGINT" or "SIGTERM".
absl::string_view WaitForTerminationSignal();

}  // namespace werkmonitor

#endif  // WERKMONITOR_COMMON_SIGNALS_H_
