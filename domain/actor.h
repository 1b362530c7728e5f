// Who asks the monitor to change something: the name recorded as the author, whether the caller
// is the coordinator (an admin), and the departments whose measures the caller may update. The
// transport maps its credentials (a token, later a user session) to an Actor; the domain decides
// what the actor may do with a measure, because only the domain knows who owns it.
#ifndef WERKMONITOR_DOMAIN_ACTOR_H_
#define WERKMONITOR_DOMAIN_ACTOR_H_

#include <string>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/string_view.h"

namespace werkmonitor {

struct Actor {
  std::string name;
  bool admin = false;                    // the coordinator: may change every measure
  std::vector<std::string> departments;  // Department codes, for an editor

  // An admin, as the importer and tests act.
  static Actor Admin(absl::string_view name) { return Actor{std::string(name), true, {}}; }
  static Actor Editor(absl::string_view name, std::vector<std::string> departments) {
    return Actor{std::string(name), false, std::move(departments)};
  }

  bool MayChange(absl::string_view owner) const { return admin || absl::c_linear_search(departments, owner); }
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_ACTOR_H_
