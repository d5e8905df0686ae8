// switchyard-screenshots OUTDIR [WIDTHxHEIGHT]: renders every page of the main
// window, and a streamed Markdown answer with its reasoning, in the light and
// the dark scheme on the offscreen platform and saves them as PNGs, so a
// change to the UI can be looked at without a desktop.

#include "compare/comparepage.h"
#include "compare/comparepane.h"
#include "markdown/markdownview.h"
#include "markdown/reasoningsection.h"
#include "markdown/streamingdocument.h"
#include "shell/colorscheme.h"
#include "shell/mainwindow.h"

#include <QApplication>
#include <QBoxLayout>
#include <QDir>
#include <QMetaEnum>
#include <QScrollBar>
#include <QStandardPaths>

#include <array>
#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using namespace Switchyard::Shell;
using Switchyard::Markdown::MarkdownView;
using Switchyard::Markdown::ReasoningSection;

namespace {

// An answer with everything the renderer draws, including what a model must
// not be able to do: raw HTML (shown as text) and an image (a placeholder).
const auto sampleAnswer = uR"md(# Choosing a cache

An **LRU cache** keeps the *most recently used* items and evicts the rest. Qt has one
ready-made: [`QCache`](https://doc.qt.io/qt-6/qcache.html).

## Trade-offs

1. Lookups are `O(1)` on average.
2. Memory is bounded by the capacity:
   - counted in items, or
   - weighed by a cost per item.
3. ~~Thread safety~~ — guard it yourself.

| Container | Lookup | Ordered | Notes |
|:----------|-------:|:-------:|:------|
| `QCache`  | O(1)   | no      | evicts by cost |
| `QMap`    | O(log n) | yes   | sorted keys |
| `std::list` + `unordered_map` | O(1) | yes | classic LRU |

```cpp
#include <QCache>

struct Thumbnail { QImage image; };

QCache<QString, Thumbnail> cache(50 * 1024); // cost in KiB
if (!cache.contains(path))
    cache.insert(path, new Thumbnail{load(path)}, sizeInKiB);
```

And the same idea in Python, with a decorator:

```python
from functools import lru_cache

@lru_cache(maxsize=128)
def fib(n: int) -> int:
    """The n-th Fibonacci number."""
    return n if n < 2 else fib(n - 1) + fib(n - 2)
```

> **Note:** a cache that is too small thrashes; measure the hit rate first.

- [x] pick a capacity
- [ ] measure the hit rate

![Hit rate over time](https://example.com/charts/hit-rate.png)

Raw HTML stays text: <script>alert("hi")</script> and <b>not bold</b>.

---

See the [Qt documentation](https://doc.qt.io/qt-6/containers.html) for more.
)md"_s;

const auto sampleReasoning = uR"md(The user wants a cache. **LRU** fits: they mentioned recency.
Compare `QCache` with a hand-written list + hash map.)md"_s;

// The reasoning (open) above the answer, as a compare pane would show them.
QWidget *answerPane(QWidget *parent)
{
    auto *pane = new QWidget(parent);
    auto *reasoning = new ReasoningSection(pane);
    reasoning->appendDelta(sampleReasoning);
    reasoning->finish();
    reasoning->setExpanded(true);
    reasoning->view()->setMaximumHeight(90);
    auto *answer = new MarkdownView(pane);
    // Streamed in small pieces, as a model would send it.
    const QStringView text(sampleAnswer);
    for (qsizetype i = 0; i < text.size(); i += 7)
        answer->streamingDocument()->appendDelta(text.sliced(i, std::min<qsizetype>(7, text.size() - i)));
    answer->streamingDocument()->finish();
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(reasoning);
    layout->addWidget(answer, 1);
    return pane;
}

} // namespace

namespace {

// A realistic three-way comparison, so the Compare screenshot shows answers,
// code, a table and the figures rather than an empty page.
void fillComparison(MainWindow &window)
{
    auto *page = window.findChild<CompareUi::ComparePage *>();
    if (!page)
        return;
    while (page->panes().size() < 3)
        page->addPane();
    const QString prompt = u"Write a C++ function that reverses a string, and compare the options in a table."_s;
    const QStringList models{u"openai/gpt-4o-mini"_s, u"anthropic/claude-3-5-haiku-latest"_s, u"gemini/gemini-2.5-flash"_s};
    const QStringList answers{
        u"Here is a simple version using the standard library:\n\n```cpp\n#include <algorithm>\n#include <string>\n\n"
        "std::string reversed(std::string s)\n{\n    std::ranges::reverse(s);\n    return s;\n}\n```\n\n"
        "| Option | Copies | UTF-8 safe |\n| --- | --- | --- |\n| `std::ranges::reverse` | one | no |\n"
        "| `std::string(rbegin, rend)` | one | no |\n| ICU grapheme iteration | one | yes |\n\n"
        "Note that reversing bytes breaks **multi-byte UTF-8** characters."_s,
        u"The idiomatic way is to construct a new string from reverse iterators:\n\n```cpp\nstd::string reverse(const std::string &s)\n{\n"
        "    return {s.rbegin(), s.rend()};\n}\n```\n\n- Works in C++11 and later\n- Leaves the input untouched\n\n"
        "For Unicode text, reverse grapheme clusters instead of bytes."_s,
        u"Two common approaches:\n\n1. In place with `std::reverse`\n2. A reversed copy with reverse iterators\n\n"
        "```cpp\nvoid reverseInPlace(std::string &s) { std::reverse(s.begin(), s.end()); }\n```\n\n"
        "> In-place reversal avoids an allocation when you own the string."_s};
    const double ttft[] = {412, 655, 298};
    const double total[] = {2310, 3120, 1880};
    const qint64 out[] = {168, 121, 97};
    const qint64 cost[] = {108'000, 512'000, 260'000};
    for (int i = 0; i < 3; ++i) {
        CompareUi::ComparePane *pane = page->panes().at(i);
        pane->setModelLabel(models.at(i));
        Compare::Turn turn{.prompt = prompt, .answer = answers.at(i), .finished = true};
        turn.figures = {.ttftMs = ttft[i], .totalMs = total[i], .tokensIn = 31, .tokensOut = out[i],
                        .tokensPerSecond = double(out[i]) / ((total[i] - ttft[i]) / 1000.0)};
        turn.cost.nanoUsd = cost[i];
        pane->restoreTurns({turn});
    }
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true); // never touch the user's settings
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"SwitchyardScreenshots"_s);

    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fputs("usage: switchyard-screenshots OUTDIR [WIDTHxHEIGHT]\n", stderr);
        return 2;
    }
    const QDir out(args.at(1));
    if (!QDir().mkpath(out.path())) {
        std::fprintf(stderr, "cannot create %s\n", qPrintable(out.path()));
        return 1;
    }
    QSize size(1280, 800);
    if (args.size() > 2) {
        const QStringList wh = args.at(2).split(u'x');
        if (wh.size() == 2)
            size = QSize(wh.at(0).toInt(), wh.at(1).toInt());
    }

    const auto pages = QMetaEnum::fromType<MainWindow::Page>();
    for (auto [scheme, name] : {std::pair{ColorScheme::Scheme::Light, "light"},
                                std::pair{ColorScheme::Scheme::Dark, "dark"}}) {
        ColorScheme::apply(scheme);
        MainWindow window;
        window.resize(size);
        window.show();
        fillComparison(window);
        {
            // A pane as narrow as one of three side by side: the answer at its
            // top, at its end, and with the prompt a click on a link shows.
            std::unique_ptr<QWidget> pane(answerPane(nullptr));
            pane->resize(480, 760);
            pane->show();
            QCoreApplication::processEvents();
            auto *answer = pane->findChildren<MarkdownView *>().last();
            QScrollBar *bar = answer->verticalScrollBar();
            const std::array shots{std::pair{"top", 0}, std::pair{"end", 1}, std::pair{"prompt", 2}};
            for (auto [part, step] : shots) {
                bar->setValue(step == 0 ? 0 : bar->maximum());
                if (step == 2)
                    Q_EMIT answer->anchorClicked(QUrl(u"https://doc.qt.io/qt-6/containers.html"_s));
                QCoreApplication::processEvents();
                const QString file = out.filePath(u"markdown-%1-%2.png"_s.arg(QLatin1StringView(part),
                                                                               QLatin1StringView(name)));
                if (!pane->grab().save(file)) {
                    std::fprintf(stderr, "cannot write %s\n", qPrintable(file));
                    return 1;
                }
                std::printf("%s\n", qPrintable(file));
            }
        }
        for (int i = 0; i < pages.keyCount(); ++i) {
            window.showPage(MainWindow::Page(pages.value(i)));
            QCoreApplication::processEvents();
            const QString file = out.filePath(
                u"%1-%2.png"_s.arg(QString::fromLatin1(pages.key(i)).toLower(), QLatin1StringView(name)));
            if (!window.grab().save(file)) {
                std::fprintf(stderr, "cannot write %s\n", qPrintable(file));
                return 1;
            }
            std::printf("%s\n", qPrintable(file));
        }
    }
    return 0;
}
