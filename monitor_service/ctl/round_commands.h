// monitorctl's commands for reporting rounds and what changed between snapshots: `round ...`,
// `update ...` and `diff`. The coordinator (admin) opens, reviews and publishes a round; editors
// save and submit the updates of their departments' measures.
#ifndef WERKMONITOR_MONITOR_SERVICE_CTL_ROUND_COMMANDS_H_
#define WERKMONITOR_MONITOR_SERVICE_CTL_ROUND_COMMANDS_H_

#include <vector>

#include "monitor_service/ctl/command_line.h"

namespace werkmonitor::ctl {

// The commands, in the order --help lists them.
std::vector<Command> RoundCommands();

}  // namespace werkmonitor::ctl

#endif  // WERKMONITOR_MONITOR_SERVICE_CTL_ROUND_COMMANDS_H_
