// monitorctl's commands for the data's translations: `translations` lists what is missing or stale,
// `translations export` writes those texts of a locale as an XLIFF 2.0 file for a translator's CAT
// tool, each text with a glossary of the terms its Dutch names, and `translations import` checks a
// translated file unit by unit, against the catalogs' term base too, and applies it, all of it or
// nothing, through ImportTranslations (the service checks every unit again, but for the terms).
#ifndef WERKMONITOR_MONITOR_SERVICE_CTL_TRANSLATION_COMMANDS_H_
#define WERKMONITOR_MONITOR_SERVICE_CTL_TRANSLATION_COMMANDS_H_

#include <vector>

#include "monitor_service/ctl/command_line.h"

namespace werkmonitor::ctl {

// The commands, in the order --help lists them.
std::vector<Command> TranslationCommands();

}  // namespace werkmonitor::ctl

#endif  // WERKMONITOR_MONITOR_SERVICE_CTL_TRANSLATION_COMMANDS_H_
