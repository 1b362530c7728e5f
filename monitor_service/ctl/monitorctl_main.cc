// monitorctl: the command line for ministry staff. Reads and changes measures, shows the dashboard
// and history, manages snapshots and checks the published figures, all through the monitor API.
// The commands and their flags are in commands.cc; this file holds the global flags and runs one.
#include <iostream>
#include <string>
#include <variant>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/exit_status.h"
#include "common/security_flags.h"
#include "common/usage.h"
#include "monitor_service/client/monitor_client.h"
#include "monitor_service/ctl/command_line.h"
#include "monitor_service/ctl/commands.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "Address of monitor_server, host:port.");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(30), "Deadline of each call to the server.");

namespace werkmonitor::ctl {
namespace {

std::string UsageMessage() {
  return absl::StrCat(
      "Reads and updates the werkmonitor measures through the monitor service.\n\n"
      "  monitorctl [--server=HOST:PORT] [--token_file=FILE] [--tls_ca=PEM] COMMAND [ARGS] [FLAGS]\n\n"
      "Commands:\n",
      CommandList(MonitorctlCommands()),
      "\n`monitorctl help COMMAND` or `monitorctl COMMAND --help` explains a command and its flags; a\n"
      "command's flags belong to it alone; the global flags (monitorctl --help lists them) may stand\n"
      "anywhere.\n\n"
      "Your token comes from --token_file or $WERKMONITOR_TOKEN; changes are recorded under the token's\n"
      "name. Against a server in development mode (no --tokens_file) no token is needed.\n"
      "Exit codes: 0 ok, 1 the operation failed, 2 wrong command line, 3 server unreachable.");
}

// `monitorctl help [COMMAND]`.
int Help(const CommandLine& line) {
  if (line.words.size() == 1) {
    std::cout << UsageMessage() << "\n";
    return 0;
  }
  absl::StatusOr<std::string> help =
      CommandHelp(absl::StrJoin(line.words.begin() + 1, line.words.end(), " "), MonitorctlCommands());
  if (!help.ok()) return ExitWith(kProgram, help.status());
  std::cout << *help;
  return 0;
}

int Run(const CommandLine& line) {
  if (!line.words.empty() && line.words[0] == "help") return Help(line);
  absl::StatusOr<Invocation> invocation = Resolve(line, MonitorctlCommands());
  if (!invocation.ok()) return ExitWith(kProgram, invocation.status());
  const Command& command = *invocation->command;
  if (line.help) {
    std::cout << *CommandHelp(command.name, MonitorctlCommands());
    return 0;
  }
  if (const LocalRun* run = std::get_if<LocalRun>(&command.run)) return ExitWith(kProgram, (*run)(invocation->args));

  absl::StatusOr<std::string> token = ClientTokenFromFlags();
  if (!token.ok()) return ExitWith(kProgram, token.status());
  absl::StatusOr<std::unique_ptr<MonitorClient>> client = MonitorClient::Connect(
      absl::GetFlag(FLAGS_server),
      {.token = *token, .transport = ClientTransportFromFlags(), .timeout = absl::GetFlag(FLAGS_timeout)});
  if (!client.ok()) return ExitWith(kProgram, client.status());
  return ExitWith(kProgram, std::get<ServerRun>(command.run)(**client, invocation->args));
}

}  // namespace
}  // namespace werkmonitor::ctl

int main(int argc, char** argv) {
  using namespace werkmonitor::ctl;
  werkmonitor::SetUsage(UsageMessage());
  // Abseil parses the global flags; the command table parses the rest.
  CommandLine line = SplitCommandLine(argc, argv, MonitorctlCommands());
  absl::ParseCommandLine(static_cast<int>(line.global_argv.size()), line.global_argv.data());
  return Run(line);
}
