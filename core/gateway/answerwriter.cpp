#include "answerwriter.h"

#include <QRandomGenerator>

namespace Switchyard::Gateway {

QString AnswerWriter::randomId(QLatin1StringView prefix)
{
    QByteArray bytes(18, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return prefix + QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace Switchyard::Gateway
