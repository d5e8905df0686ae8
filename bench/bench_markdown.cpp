// Rendering a streamed answer: about 100k tokens (390 KB of Markdown with
// paragraphs, lists, code blocks, a table now and then) stream into a
// MarkdownView of 600×800, four tokens per 16 ms frame (250 tokens/s). Each
// frame's flush and the layout it needs are timed; then the view follows the
// stream and paints, timed apart (render.us_per_frame_paint: it depends on
// the viewport, not on the answer).
//
// The figures compare the same 1000 tokens (4 KB of whole blocks, cut the
// same way) at the start of an answer and at the end of the 100k-token one,
// so that only the length of the answer before them differs. The two are
// streamed frame by frame in alternation — one frame into a fresh view, the
// same frame into the long one — so that whatever else the machine does
// weighs on both alike; each side's mean leaves out its slowest 5% of frames
// (other processes' time slices). The ratio stays near 1 only if the cost of
// a token does not grow with the answer.

#include "markdown/markdownview.h"
#include "markdown/streamingdocument.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTextDocument>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using Switchyard::Markdown::MarkdownView;

namespace {

constexpr int TokensPerFrame = 4;
constexpr int Window = 1000;

class AnswerWriter
{
public:
    explicit AnswerWriter(quint32 seed) : m_rng(seed) {}

    QString answer(qsizetype targetChars)
    {
        QString out;
        out.reserve(targetChars + 4096);
        int block = 0;
        while (out.size() < targetChars) {
            if (block % 25 == 0)
                out += u"## "_s + words(3, 6) + u"\n\n"_s;
            switch (m_rng.bounded(12)) {
            case 0:
            case 1:
                out += list();
                break;
            case 2:
                out += code();
                break;
            case 3:
                if (m_rng.bounded(3) == 0)
                    out += table();
                else
                    out += paragraph();
                break;
            case 4:
                out += u"> "_s + sentence() + u"\n\n"_s;
                break;
            default:
                out += paragraph();
                break;
            }
            ++block;
        }
        return out;
    }

private:
    QString word()
    {
        static const QStringList vocabulary{
            u"the"_s,     u"cache"_s,   u"model"_s,  u"returns"_s, u"a"_s,       u"value"_s,   u"when"_s,
            u"request"_s, u"token"_s,   u"stream"_s, u"is"_s,      u"faster"_s,  u"than"_s,    u"and"_s,
            u"latency"_s, u"of"_s,      u"each"_s,   u"router"_s,  u"provider"_s, u"budget"_s, u"with"_s,
            u"queue"_s,   u"retries"_s, u"for"_s,    u"cost"_s,    u"in"_s,      u"answer"_s,  u"prompt"_s,
        };
        const QString &w = vocabulary.at(int(m_rng.bounded(int(vocabulary.size()))));
        switch (m_rng.bounded(40)) {
        case 0:
            return u"**"_s + w + u"**"_s;
        case 1:
            return u"*"_s + w + u"*"_s;
        case 2:
            return u"`"_s + w + u"()`"_s;
        case 3:
            return u"[%1](https://example.com/docs/%1)"_s.arg(w);
        default:
            return w;
        }
    }
    QString words(int min, int max)
    {
        QStringList out;
        const int n = min + int(m_rng.bounded(max - min + 1));
        for (int i = 0; i < n; ++i)
            out << word();
        return out.join(u' ');
    }
    QString sentence()
    {
        QString s = words(6, 18);
        s[0] = s[0].toUpper();
        return s + u'.';
    }
    QString paragraph()
    {
        QStringList sentences;
        const int n = 2 + int(m_rng.bounded(5));
        for (int i = 0; i < n; ++i)
            sentences << sentence();
        return sentences.join(u' ') + u"\n\n"_s;
    }
    QString list()
    {
        QString out;
        const bool ordered = m_rng.bounded(2) == 0;
        const int n = 3 + int(m_rng.bounded(6));
        for (int i = 0; i < n; ++i) {
            out += (ordered ? u"%1. "_s.arg(i + 1) : u"- "_s) + words(4, 14) + u'\n';
            if (m_rng.bounded(4) == 0)
                out += (ordered ? u"   - "_s : u"  - "_s) + words(3, 8) + u'\n';
        }
        return out + u'\n';
    }
    QString code()
    {
        static const QStringList cpp{
            u"for (const auto &item : items) {"_s, u"    total += item.cost * item.count;"_s, u"}"_s,
            u"if (!reply->error())"_s,             u"    return parse(reply->readAll());"_s,
            u"QString name = u\"router\"_s; // the default"_s, u"std::vector<int> values{1, 2, 3};"_s,
        };
        static const QStringList python{
            u"def route(request):"_s,  u"    for target in targets:"_s, u"        if target.ok():"_s,
            u"            return target"_s, u"    raise RuntimeError(\"no route\")  # give up"_s,
            u"values = [x * 2 for x in range(10)]"_s,
        };
        const bool isCpp = m_rng.bounded(2) == 0;
        const QStringList &lines = isCpp ? cpp : python;
        QString out = isCpp ? u"```cpp\n"_s : u"```python\n"_s;
        const int n = 5 + int(m_rng.bounded(26));
        for (int i = 0; i < n; ++i)
            out += lines.at(int(m_rng.bounded(int(lines.size())))) + u'\n';
        return out + u"```\n\n"_s;
    }
    QString table()
    {
        QString out = u"| Provider | Latency | Cost |\n|:--|--:|--:|\n"_s;
        const int n = 4 + int(m_rng.bounded(5));
        for (int i = 0; i < n; ++i)
            out += u"| %1 | %2 ms | $%3 |\n"_s.arg(word()).arg(m_rng.bounded(900)).arg(
                m_rng.bounded(100) / 1000.0);
        return out + u'\n';
    }

    QRandomGenerator m_rng;
};

// Cuts text into tokens of 1 to 7 characters, 4 on average.
QList<QStringView> tokens(const QString &text, quint32 seed)
{
    QRandomGenerator rng(seed);
    QList<QStringView> out;
    out.reserve(text.size() / 3);
    for (qsizetype pos = 0; pos < text.size();) {
        const qsizetype n = std::min<qsizetype>(1 + rng.bounded(7), text.size() - pos);
        out.append(QStringView(text).sliced(pos, n));
        pos += n;
    }
    return out;
}

// Cuts text into exactly count tokens at random places.
QList<QStringView> tokens(const QString &text, qsizetype count, quint32 seed)
{
    QRandomGenerator rng(seed);
    QList<qsizetype> cuts;
    while (cuts.size() < count - 1) {
        const qsizetype cut = 1 + rng.bounded(text.size() - 1);
        if (!cuts.contains(cut))
            cuts.append(cut);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.append(text.size());
    QList<QStringView> out;
    qsizetype from = 0;
    for (qsizetype cut : cuts) {
        out.append(QStringView(text).sliced(from, cut - from));
        from = cut;
    }
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    const QString window = AnswerWriter(7).answer(Window * 4);
    const QString filler = AnswerWriter(11).answer(392'000); // whole blocks, about 98k tokens
    const QList<QStringView> windowTokens = tokens(window, Window, 5);
    // The long answer starts with the window too, so that the fresh view
    // streams exactly its first 1000 tokens.
    const QList<QStringView> fillerTokens = windowTokens + tokens(filler, 6);

    MarkdownView fresh;
    MarkdownView answer;
    for (MarkdownView *view : {&fresh, &answer}) {
        view->resize(600, 800);
        view->show();
    }
    QCoreApplication::processEvents();

    // Warm-up: load the syntax definitions and fonts once, as an app would have.
    answer.streamingDocument()->setMarkdown(AnswerWriter(3).answer(20'000));
    (void)answer.document()->size();
    answer.viewport()->repaint();
    answer.streamingDocument()->clear();

    // The long answer up to its last 1000 tokens, frame by frame as it would
    // arrive, untimed.
    auto *doc = answer.streamingDocument();
    qsizetype maxTail = 0;
    for (qsizetype i = 0; i < fillerTokens.size(); i += TokensPerFrame) {
        for (qsizetype j = i; j < std::min<qsizetype>(i + TokensPerFrame, fillerTokens.size()); ++j)
            doc->appendDelta(fillerTokens.at(j));
        doc->flush();
        maxTail = std::max(maxTail, doc->tailBytes());
        if (i % (TokensPerFrame * 64) == 0) {
            QCoreApplication::processEvents();
            answer.viewport()->repaint();
        }
    }
    (void)answer.document()->size();

    // One frame into a view: flush and layout timed, then follow and paint.
    QElapsedTimer timer;
    auto frame = [&](MarkdownView &view, qsizetype first, QList<qint64> &renderNs, QList<qint64> &paintNs) {
        timer.start();
        for (qsizetype j = first; j < std::min<qsizetype>(first + TokensPerFrame, Window); ++j)
            view.streamingDocument()->appendDelta(windowTokens.at(j));
        view.streamingDocument()->flush();
        (void)view.document()->size(); // lays out whatever the flush changed
        renderNs.append(timer.nsecsElapsed());
        timer.start();
        QCoreApplication::processEvents(); // the view scrolls to the new end
        view.viewport()->repaint();
        paintNs.append(timer.nsecsElapsed());
    };
    QList<qint64> startNs, startPaintNs, endNs, endPaintNs;
    for (qsizetype i = 0; i < Window; i += TokensPerFrame) {
        frame(fresh, i, startNs, startPaintNs);
        frame(answer, i, endNs, endPaintNs);
    }
    const qsizetype tokenCount = fillerTokens.size() + Window;

    // The mean without the slowest 5%.
    auto trimmedMean = [](QList<qint64> sorted) {
        std::sort(sorted.begin(), sorted.end());
        sorted.resize(sorted.size() - sorted.size() / 20);
        qint64 sum = 0;
        for (qint64 t : sorted)
            sum += t;
        return double(sum) / double(sorted.size());
    };
    const double first = trimmedMean(startNs) / 1000.0 / TokensPerFrame;
    const double last = trimmedMean(endNs) / 1000.0 / TokensPerFrame;
    std::printf("# %lld tokens, %lld KB of Markdown, %lld chunks, %lld blocks; open tail at most %lld bytes\n",
                static_cast<long long>(tokenCount),
                static_cast<long long>(doc->markdown().toUtf8().size() / 1024),
                static_cast<long long>(doc->stats().committedChunks),
                static_cast<long long>(answer.document()->blockCount()), static_cast<long long>(maxTail));
    std::printf("bench: render.us_per_token_first1k %.1f us\n", first);
    std::printf("bench: render.us_per_token_last1k %.1f us\n", last);
    std::printf("bench: render.per_token_ratio %.2f ratio\n", last / first);
    std::printf("bench: render.us_per_frame_paint %.0f us\n", trimmedMean(endPaintNs) / 1000.0);
    return 0;
}
