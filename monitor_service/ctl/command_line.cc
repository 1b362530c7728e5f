#include "monitor_service/ctl/command_line.h"

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/exit_status.h"

namespace werkmonitor::ctl {
namespace {

// The column where summaries start in the command list.
constexpr size_t kSummaryColumn = 42;

// The name of a flag argument ("--note=x" → "note"), and its value when written with "=".
struct FlagArgument {
  std::string name;
  std::optional<std::string> value;
};

std::optional<FlagArgument> AsFlag(absl::string_view arg) {
  if (arg.size() < 2 || arg[0] != '-') return std::nullopt;
  absl::ConsumePrefix(&arg, "-");
  absl::ConsumePrefix(&arg, "-");
  if (const size_t equals = arg.find('='); equals != absl::string_view::npos) {
    return FlagArgument{std::string(arg.substr(0, equals)), std::string(arg.substr(equals + 1))};
  }
  return FlagArgument{std::string(arg), std::nullopt};
}

// Whether Abseil takes `name` as a flag: one defined with ABSL_FLAG (also as --noNAME for a bool),
// or one ParseCommandLine handles itself and FindCommandLineFlag does not know (--help, --flagfile).
bool IsGlobalFlag(absl::string_view name, bool& takes_value) {
  if (const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name); flag != nullptr) {
    takes_value = !flag->IsOfType<bool>();
    return true;
  }
  if (absl::StartsWith(name, "no")) {
    const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name.substr(2));
    if (flag != nullptr && flag->IsOfType<bool>()) {
      takes_value = false;
      return true;
    }
  }
  for (absl::string_view builtin : {"help", "helpfull", "helpshort", "helppackage", "version", "only_check_args"}) {
    if (name == builtin) {
      takes_value = false;
      return true;
    }
  }
  for (absl::string_view builtin : {"helpon", "helpmatch", "flagfile", "fromenv", "tryfromenv", "undefok"}) {
    if (name == builtin) {
      takes_value = true;
      return true;
    }
  }
  return false;
}

// Whether some command has a flag `name` taking a value.
bool IsValuedFlagAnywhere(absl::string_view name, absl::Span<const Command> commands) {
  for (const Command& command : commands) {
    for (const CommandFlag& flag : command.flags) {
      if (flag.name == name && !flag.is_switch()) return true;
    }
  }
  return false;
}

bool IsSwitchAnywhere(absl::string_view name, absl::Span<const Command> commands) {
  for (const Command& command : commands) {
    for (const CommandFlag& flag : command.flags) {
      if (flag.name == name && flag.is_switch()) return true;
    }
  }
  return false;
}

const CommandFlag* FindFlag(const Command& command, absl::string_view name) {
  for (const CommandFlag& flag : command.flags) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}
bool HasFlag(const Command& command, absl::string_view name) { return FindFlag(command, name) != nullptr; }

std::string Indented(absl::string_view text, size_t column) {
  return absl::StrReplaceAll(text, {{"\n", absl::StrCat("\n", std::string(column, ' '))}});
}

}  // namespace

absl::Status Usage(absl::string_view message) { return UsageError(kProgram, message); }

std::optional<std::string> CommandArgs::Flag(absl::string_view name) const {
  std::optional<std::string> value;
  for (const auto& [flag, given] : flags_) {
    if (flag == name) value = given;
  }
  return value;
}

std::vector<std::string> CommandArgs::Flags(absl::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [flag, given] : flags_) {
    if (flag == name) values.push_back(given);
  }
  return values;
}

CommandLine SplitCommandLine(int argc, char** argv, absl::Span<const Command> commands) {
  CommandLine line;
  line.global_argv.push_back(argv[0]);
  bool flags_ended = false;
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    std::optional<FlagArgument> flag = flags_ended ? std::nullopt : AsFlag(arg);
    if (!flag.has_value()) {
      if (arg == "--" && !flags_ended) {
        flags_ended = true;
        continue;
      }
      line.words.emplace_back(arg);
      continue;
    }
    bool takes_value = false;
    if (flag->name == "help" && !line.words.empty()) {
      line.help = true;
    } else if (IsGlobalFlag(flag->name, takes_value)) {
      line.global_argv.push_back(argv[i]);
      if (takes_value && !flag->value.has_value() && i + 1 < argc) line.global_argv.push_back(argv[++i]);
    } else if (flag->value.has_value()) {
      line.flags.emplace_back(flag->name, *flag->value);
    } else if (IsSwitchAnywhere(flag->name, commands)) {
      line.flags.emplace_back(flag->name, "true");
    } else if (IsValuedFlagAnywhere(flag->name, commands) && i + 1 < argc) {
      line.flags.emplace_back(flag->name, argv[++i]);
    } else {
      // Unknown anywhere, or a command flag at the very end without its value: Resolve says which.
      line.valueless.push_back(flag->name);
    }
  }
  return line;
}

absl::StatusOr<Invocation> Resolve(const CommandLine& line, absl::Span<const Command> commands) {
  if (line.words.empty()) return Usage("name a command");
  // The longest name that the words start with: "snapshot create" before a command "snapshot".
  const Command* found = nullptr;
  size_t found_words = 0;
  std::vector<std::string> group;  // the commands of a group named without its word
  for (const Command& command : commands) {
    const std::vector<absl::string_view> name = absl::StrSplit(command.name, ' ');
    if (name.size() > 1 && name[0] == line.words[0]) group.emplace_back(name[1]);
    if (name.size() > line.words.size()) continue;
    bool matches = true;
    for (size_t i = 0; i < name.size(); ++i) matches = matches && name[i] == line.words[i];
    if (matches && name.size() > found_words) {
      found = &command;
      found_words = name.size();
    }
  }
  if (found == nullptr && !group.empty()) {
    return Usage(absl::StrCat(line.words[0], " needs one of: ", absl::StrJoin(group, ", ")));
  }
  if (found == nullptr) return Usage(absl::StrCat("unknown command \"", line.words[0], "\""));
  for (const auto& [name, value] : line.flags) {
    const CommandFlag* flag = FindFlag(*found, name);
    if (flag == nullptr) {
      return Usage(absl::StrCat("--", name, " is not a flag of \"", found->name, "\"",
                                found->flags.empty() ? " (it has none)" : ""));
    }
    if (flag->is_switch() && value != "true" && value != "false") {
      return Usage(absl::StrCat("--", name, " is a switch: give it alone, or as --", name, "=true or =false"));
    }
  }
  for (const std::string& name : line.valueless) {
    if (!HasFlag(*found, name)) {
      return Usage(absl::StrCat("--", name, " is not a flag of \"", found->name, "\"",
                                found->flags.empty() ? " (it has none)" : ""));
    }
    return Usage(absl::StrCat("--", name, " needs a value"));
  }
  std::vector<std::string> positional(line.words.begin() + static_cast<long>(found_words), line.words.end());
  return Invocation{found, CommandArgs(std::move(positional), line.flags)};
}

std::string Synopsis(const Command& command) {
  std::string synopsis(command.name);
  if (!command.arguments.empty()) absl::StrAppend(&synopsis, " ", command.arguments);
  for (const CommandFlag& flag : command.flags) {
    absl::StrAppend(&synopsis, " [--", flag.name, flag.is_switch() ? "" : "=", flag.value, "]");
  }
  return synopsis;
}

std::string CommandList(absl::Span<const Command> commands) {
  std::string list;
  for (const Command& command : commands) {
    std::string synopsis = absl::StrCat("  ", Synopsis(command));
    // A long synopsis gets its summary on the next line.
    synopsis += synopsis.size() + 2 <= kSummaryColumn ? std::string(kSummaryColumn - synopsis.size(), ' ')
                                                      : absl::StrCat("\n", std::string(kSummaryColumn, ' '));
    absl::StrAppend(&list, synopsis, Indented(command.summary, kSummaryColumn), "\n");
  }
  return list;
}

absl::StatusOr<std::string> CommandHelp(absl::string_view name, absl::Span<const Command> commands) {
  std::string help;
  for (const Command& command : commands) {
    if (command.name != name && !absl::StartsWith(command.name, absl::StrCat(name, " "))) continue;
    if (!help.empty()) help += "\n";
    absl::StrAppend(&help, "usage: ", kProgram, " [global flags] ", Synopsis(command), "\n\n  ",
                    Indented(command.summary, 2), "\n");
    if (!command.flags.empty()) help += "\nflags:\n";
    for (const CommandFlag& flag : command.flags) {
      std::string spelled = absl::StrCat("  --", flag.name, flag.is_switch() ? "" : "=", flag.value);
      spelled += spelled.size() + 2 <= 28 ? std::string(28 - spelled.size(), ' ') : "\n" + std::string(28, ' ');
      absl::StrAppend(&help, spelled, Indented(flag.help, 28), "\n");
    }
  }
  if (help.empty()) return Usage(absl::StrCat("unknown command \"", name, "\""));
  return help;
}

}  // namespace werkmonitor::ctl
