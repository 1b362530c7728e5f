// monitorctl's command line: a table of commands, each with its usage, its own flags and the
// function that runs it. Global flags (--server, TLS, the token) are Abseil flags and may stand
// anywhere; a command's flags belong to that command only, and any other is a usage error.
//
//   const Command kCommands[] = {
//       {.name = "set-status", .arguments = "ID STATUS", .summary = "change a status",
//        .flags = {{"note", "TEXT", "why the status changes"}}, .run = SetStatus},
//   };
//   absl::StatusOr<CommandLine> line = SplitCommandLine(argc, argv, kCommands);
//   absl::ParseCommandLine(line->global_argv.size(), line->global_argv.data());  // the global flags
//   absl::StatusOr<Invocation> invocation = Resolve(*line, kCommands);
#ifndef WERKMONITOR_MONITOR_SERVICE_CTL_COMMAND_LINE_H_
#define WERKMONITOR_MONITOR_SERVICE_CTL_COMMAND_LINE_H_

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "monitor_service/client/monitor_client.h"

namespace werkmonitor::ctl {

inline constexpr char kProgram[] = "monitorctl";

// INVALID_ARGUMENT marked as a usage error (exit code 2), pointing at --help.
[[nodiscard]] absl::Status Usage(absl::string_view message);

// A flag of one command, given as --name=VALUE or --name VALUE; a switch (no `value`) as --name
// alone (or --name=true, --name=false). A flag given twice keeps both values (CommandArgs::Flags).
struct CommandFlag {
  absl::string_view name;   // "note"
  absl::string_view value;  // what the value is, for the help: "TEXT"; "" for a switch
  absl::string_view help;

  bool is_switch() const { return value.empty(); }
};

// A command's words after its name, and the values of its flags.
class CommandArgs {
 public:
  CommandArgs(std::vector<std::string> positional, std::vector<std::pair<std::string, std::string>> flags)
      : positional_(std::move(positional)), flags_(std::move(flags)) {}

  const std::vector<std::string>& positional() const { return positional_; }
  // The value of --`name` (the last one when given twice), or nullopt when not given.
  std::optional<std::string> Flag(absl::string_view name) const;
  // The value of --`name`, or "" when not given.
  std::string FlagOr(absl::string_view name) const { return Flag(name).value_or(""); }
  // Every value of --`name`, in the order given.
  std::vector<std::string> Flags(absl::string_view name) const;
  // Whether the switch --`name` is on (Resolve accepts only "true" and "false" as its values).
  bool Switch(absl::string_view name) const { return Flag(name).value_or("false") == "true"; }

 private:
  std::vector<std::string> positional_;
  std::vector<std::pair<std::string, std::string>> flags_;  // in the order given
};

// Runs against the service (monitorctl connects first), or on its own (`token new`).
using ServerRun = absl::Status (*)(MonitorClient& client, const CommandArgs& args);
using LocalRun = absl::Status (*)(const CommandArgs& args);

struct Command {
  absl::string_view name;         // one word, or a group and a word: "snapshot create"
  absl::string_view arguments{};  // the words after the name, for the help: "ID STATUS"; "" for none
  absl::string_view summary{};    // what it does; lines after the first are indented in the help
  std::vector<CommandFlag> flags{};
  std::variant<ServerRun, LocalRun> run;
};

// The command line split into what Abseil parses and what the command table parses.
struct CommandLine {
  // argv[0] and the global flags (with their values), for absl::ParseCommandLine. Points into argv.
  std::vector<char*> global_argv;
  std::vector<std::string> words;                          // the command's name and arguments
  std::vector<std::pair<std::string, std::string>> flags;  // flags of no global name, in order
  std::vector<std::string> valueless;                      // such flags given without a value
  bool help = false;                                       // --help after a command
};

// Splits argv: a flag Abseil knows is global (a non-bool one given without "=" takes the next word
// as its value); --help after a command word asks for that command's help; any other flag is a
// command flag (taking the next word as its value when it has no "=" and names a flag of some
// command, and is not a switch of one). "--" ends the flags.
[[nodiscard]] CommandLine SplitCommandLine(int argc, char** argv, absl::Span<const Command> commands);

struct Invocation {
  const Command* command;
  CommandArgs args;
};

// The command `line` names and its arguments. Usage errors: no or an unknown command, a group
// without its word ("snapshot"), a flag that is not the command's (naming flag and command), a
// flag without a value, a switch with a value other than true or false.
[[nodiscard]] absl::StatusOr<Invocation> Resolve(const CommandLine& line, absl::Span<const Command> commands);

// "set-status ID STATUS [--note=TEXT] [--expect_revision=N]"
std::string Synopsis(const Command& command);
// The list of commands, one synopsis and summary each, for --help.
std::string CommandList(absl::Span<const Command> commands);
// The help of every command whose name is `name` or starts with the group `name` ("snapshot"):
// synopsis, summary and flags. A usage error when there is none.
[[nodiscard]] absl::StatusOr<std::string> CommandHelp(absl::string_view name, absl::Span<const Command> commands);

}  // namespace werkmonitor::ctl

#endif  // WERKMONITOR_MONITOR_SERVICE_CTL_COMMAND_LINE_H_
