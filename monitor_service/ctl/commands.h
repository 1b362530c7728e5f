// monitorctl's commands: the table that names each one, its usage and flags, and the function that
// runs it through the monitor service's client (see command_line.h for how it is parsed).
#ifndef WERKMONITOR_MONITOR_SERVICE_CTL_COMMANDS_H_
#define WERKMONITOR_MONITOR_SERVICE_CTL_COMMANDS_H_

#include "absl/types/span.h"
#include "monitor_service/ctl/command_line.h"

namespace werkmonitor::ctl {

// Every command, in the order --help lists them.
absl::Span<const Command> MonitorctlCommands();

}  // namespace werkmonitor::ctl

#endif  // WERKMONITOR_MONITOR_SERVICE_CTL_COMMANDS_H_
