// The streaming Markdown renderer: any text, streamed in pieces cut where the
// fuzzer's bytes say, ends as exactly the same document as the text rendered
// at once (compared by the fingerprint the Markdown tests use).

#include "fuzzsupport.h"
#include "markdown/streamingdocument.h"
#include "../ui/documentoutline.h"

#include <QGuiApplication>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    static int argc = 1;
    static char name[] = "fuzz_markdown";
    static char *argv[] = {name, nullptr};
    qputenv("QT_QPA_PLATFORM", "offscreen");
    static QGuiApplication app(argc, argv);
    // Fonts, the highlighting repository and Qt's caches are made once per
    // process: made here, before libFuzzer starts looking for leaks per input.
    Switchyard::Markdown::StreamingDocument warmUp;
    warmUp.setMarkdown(QStringLiteral("# T\n\n*a* **b** `c` [d](http://e)\n\n- f\n\n1. g\n\n> h\n\n"
                                      "| i | j |\n|---|---|\n| k | l |\n\n```cpp\nint m;\n```\n\n***\n"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const FuzzSupport::Input in = FuzzSupport::split(data, size);
    const QString text = QString::fromUtf8(in.text);
    // Cut the text (not the bytes): a delta is whole characters.
    Switchyard::Markdown::StreamingDocument streamed;
    qsizetype at = 0;
    for (const qsizetype n : in.cuts) {
        if (at >= text.size())
            break;
        const qsizetype take = std::min(n, text.size() - at);
        streamed.appendDelta(QStringView(text).sliced(at, take));
        if (n % 3 == 0)
            streamed.flush();
        at += take;
    }
    if (at < text.size())
        streamed.appendDelta(QStringView(text).sliced(at));
    streamed.finish();
    Switchyard::Markdown::StreamingDocument atOnce;
    atOnce.setMarkdown(text);
    const QStringList a = DocumentOutline::fingerprint(streamed.document());
    const QStringList b = DocumentOutline::fingerprint(atOnce.document());
    if (a != b)
        FuzzSupport::fail("streamed Markdown differs from Markdown rendered at once", b.join(u'\n').toUtf8(),
                          a.join(u'\n').toUtf8());
    return 0;
}
