#include "markdown/syntaxrepository.h"

#include <KSyntaxHighlighting/Repository>

namespace Switchyard::Markdown {

KSyntaxHighlighting::Repository &syntaxRepository()
{
    static KSyntaxHighlighting::Repository repository;
    return repository;
}

} // namespace Switchyard::Markdown
