// The import of OpenRouter's model list into the price catalog on any bytes:
// a summary or an error, never a crash.

#include "catalog/pricecatalog.h"
#include "fuzzsupport.h"

#include <QTemporaryDir>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // Nothing is written there: the import stays in memory.
    static const QString nowhere = QStringLiteral("/nonexistent/switchyard-fuzz");
    Switchyard::Catalog::PriceCatalog catalog(nowhere);
    (void)catalog.importOpenRouter(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    return 0;
}
