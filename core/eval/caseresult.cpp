#include "eval/caseresult.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Eval {

QString CaseResult::statusName(Status status)
{
    switch (status) {
    case Status::Passed:
        return u"pass"_s;
    case Status::Failed:
        return u"fail"_s;
    case Status::Error:
        return u"error"_s;
    }
    return {};
}

std::optional<CaseResult::Status> CaseResult::statusFromName(QStringView name)
{
    if (name == u"pass")
        return Status::Passed;
    if (name == u"fail")
        return Status::Failed;
    if (name == u"error")
        return Status::Error;
    return std::nullopt;
}

} // namespace Switchyard::Eval
