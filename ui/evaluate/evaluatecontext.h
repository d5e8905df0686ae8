#pragma once

namespace Switchyard::Routing {
class Router;
}
namespace Switchyard::Usage {
class UsageStore;
}

namespace Switchyard::EvaluateUi {

/// What the Evaluate page is given: the router its runs send through (the
/// app's, deciding by the active routing config) and the usage store its runs
/// are kept in.
struct EvaluateContext {
    Routing::Router *router = nullptr;
    Usage::UsageStore *usage = nullptr;
};

} // namespace Switchyard::EvaluateUi
