#include "eval/evalrun.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Eval {

QString EvalRun::stateName(State state)
{
    switch (state) {
    case State::Running:
        return u"running"_s;
    case State::Stopped:
        return u"stopped"_s;
    case State::Done:
        return u"done"_s;
    }
    return {};
}

std::optional<EvalRun::State> EvalRun::stateFromName(QStringView name)
{
    if (name == u"running")
        return State::Running;
    if (name == u"stopped")
        return State::Stopped;
    if (name == u"done")
        return State::Done;
    return std::nullopt;
}

} // namespace Switchyard::Eval
