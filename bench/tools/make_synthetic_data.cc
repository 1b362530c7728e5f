// make_synthetic_data: writes a data set of the real one's shape, N times larger, as text-format
// files a monitor_server can import (--data=DIR): for load and scale tests beyond 41 measures.
//
//   make_synthetic_data --copies=100 --out=/tmp/data-4100    # 4,100 leaf measures
#include <filesystem>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "bench/bench_data.h"
#include "common/exit_status.h"
#include "common/files.h"
#include "common/usage.h"
#include "google/protobuf/text_format.h"

ABSL_FLAG(int, copies, 10, "How many times the 41 measures are repeated.");
ABSL_FLAG(std::string, out, "", "Directory to write (created).");

int main(int argc, char** argv) {
  werkmonitor::SetUsage("Writes a synthetic data set: make_synthetic_data --copies=N --out=DIR");
  absl::ParseCommandLine(argc, argv);
  const std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty() || absl::GetFlag(FLAGS_copies) < 1) {
    std::cerr << "make_synthetic_data: needs --out=DIR and --copies >= 1\n";
    return werkmonitor::kExitUsage;
  }
  std::filesystem::create_directories(out);
  const monitor::v1::DataSet data = werkmonitor::bench::SyntheticDataSet(absl::GetFlag(FLAGS_copies));
  google::protobuf::TextFormat::Printer printer;
  printer.SetUseUtf8StringEscaping(true);
  std::string text;
  printer.PrintToString(data, &text);
  if (absl::Status s = werkmonitor::WriteFileAtomically(out + "/data.textproto", text); !s.ok()) {
    return werkmonitor::ExitWith("make_synthetic_data", s);
  }
  std::cerr << "make_synthetic_data: " << data.measures_size() << " measures written to " << out << "\n";
  return 0;
}
