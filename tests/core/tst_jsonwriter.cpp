// The gateway's JSON text writer: what it writes must read back, through
// Qt's own parser, as the value meant, for every kind of string a model can
// answer with, and come out exactly as OpenAI lays its objects out.

#include "gateway/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using Switchyard::Gateway::JsonWriter;

class TestJsonWriter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void strings_data();
    void strings();
    void latin1Strings_data();
    void latin1Strings();
    void layout();
    void nesting();
    void takeEmpties();
};

void TestJsonWriter::strings_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected"); // empty: only the round trip is checked

    QTest::newRow("empty") << QString() << QByteArray(R"("")");
    QTest::newRow("plain") << u"Hello, world."_s << QByteArray(R"("Hello, world.")");
    QTest::newRow("quote") << u"say \"hi\""_s << QByteArray(R"("say \"hi\"")");
    QTest::newRow("backslash") << u"C:\\path\\"_s << QByteArray(R"("C:\\path\\")");
    QTest::newRow("newline, tab, return") << u"a\nb\tc\rd"_s << QByteArray(R"("a\nb\tc\rd")");
    QTest::newRow("backspace, form feed") << u"\b\f"_s << QByteArray(R"("\b\f")");
    QTest::newRow("other controls") << QString(QChar(0x01)) + QChar(0x1f) + QChar(0x00)
                                    << QByteArray(R"("\u0001\u001f\u0000")");
    QTest::newRow("delete passes") << QString(QChar(0x7f)) << QByteArray("\"\x7f\"");
    QTest::newRow("accents") << u"déjà vu — Ærø"_s << QByteArray("\"d\xc3\xa9j\xc3\xa0 vu \xe2\x80\x94 \xc3\x86r\xc3\xb8\"");
    QTest::newRow("CJK") << u"你好，世界"_s << QByteArray();
    QTest::newRow("emoji (surrogate pair)") << u"ok 👍🏽"_s << QByteArray("\"ok \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd\"");
    QTest::newRow("line separators pass") << u"a\u2028b\u2029c"_s << QByteArray();
    QTest::newRow("HTML stays text") << u"<script>alert('x')</script>"_s
                                     << QByteArray(R"("<script>alert('x')</script>")");
    QTest::newRow("JSON inside") << uR"({"a": [1, "b\n"]})"_s << QByteArray(R"("{\"a\": [1, \"b\\n\"]}")");
}

void TestJsonWriter::strings()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    JsonWriter json;
    json.beginArray().string(text).endArray();
    const QByteArray written = json.take();
    if (!expected.isEmpty())
        QCOMPARE(written, '[' + expected + ']');
    QJsonParseError error;
    const QJsonDocument read = QJsonDocument::fromJson(written, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(read.array().at(0).toString(), text);
}

void TestJsonWriter::latin1Strings_data()
{
    QTest::addColumn<QByteArray>("latin1");
    QTest::newRow("ASCII") << QByteArray("chat.completion.chunk");
    QTest::newRow("quote") << QByteArray("a\"b");
    QTest::newRow("backslash") << QByteArray("a\\b");
    QTest::newRow("control") << QByteArray("a\nb");
    QTest::newRow("beyond ASCII") << QByteArray("caf\xe9");
}

void TestJsonWriter::latin1Strings()
{
    QFETCH(QByteArray, latin1);
    JsonWriter fromLatin1;
    fromLatin1.beginArray().string(QLatin1StringView(latin1)).endArray();
    JsonWriter fromUtf16;
    fromUtf16.beginArray().string(QString::fromLatin1(latin1)).endArray();
    QCOMPARE(fromLatin1.take(), fromUtf16.take());
}

void TestJsonWriter::layout()
{
    // A chat.completion.chunk as OpenAI lays it out: fields in its order.
    JsonWriter json;
    json.beginObject()
        .key("id"_L1).string(u"chatcmpl-1"_s)
        .key("object"_L1).string("chat.completion.chunk"_L1)
        .key("created"_L1).number(1700000000)
        .key("choices"_L1).beginArray().beginObject()
        .key("index"_L1).number(0)
        .key("delta"_L1).beginObject().key("content"_L1).string(u"Hi"_s).endObject()
        .key("logprobs"_L1).null()
        .key("finish_reason"_L1).null()
        .endObject().endArray()
        .key("flag"_L1).boolean(true)
        .key("off"_L1).boolean(false)
        .key("negative"_L1).number(-42)
        .key("big"_L1).number(9007199254740993LL)
        .endObject();
    QCOMPARE(json.take(),
             QByteArray(R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,)"
                        R"("choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}],)"
                        R"("flag":true,"off":false,"negative":-42,"big":9007199254740993})"));
}

void TestJsonWriter::nesting()
{
    // Commas between members and elements at every depth, none after an
    // opening bracket or a key, empty containers as such.
    JsonWriter json;
    json.beginArray()
        .beginObject().endObject()
        .beginArray().endArray()
        .beginObject().key("a"_L1).beginArray().number(1).beginObject().key("b"_L1).null().endObject().number(2)
        .endArray().key("c"_L1).beginObject().endObject().endObject()
        .null()
        .endArray();
    const QByteArray written = json.take();
    QCOMPARE(written, QByteArray(R"([{},[],{"a":[1,{"b":null},2],"c":{}},null])"));
    QJsonParseError error;
    QJsonDocument::fromJson(written, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
}

void TestJsonWriter::takeEmpties()
{
    JsonWriter json;
    json.beginObject().key("a"_L1).number(1).endObject();
    QCOMPARE(json.take(), QByteArray(R"({"a":1})"));
    json.beginObject().key("b"_L1).number(2).endObject();
    QCOMPARE(json.take(), QByteArray(R"({"b":2})")); // a new document, no comma before it
}

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_jsonwriter.moc"
