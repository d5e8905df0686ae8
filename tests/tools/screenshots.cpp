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
#include "usage/usagedatabase.h"
#include "usage/budgetsdialog.h"
#include "usage/usagepage.h"

#include <QApplication>
#include <QBoxLayout>
#include <QDir>
#include <QMetaEnum>
#include <QScrollBar>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <array>
#include <cmath>
#include <numbers>
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

namespace {

// A realistic month of usage for the Usage page: nine models of five
// providers at list prices, used more on weekdays, from Compare, the CLI, the
// gateway and the router, for three projects and none; a local model with no
// price, an OpenRouter model priced by estimate, rate limits and timeouts.
bool fillUsage(const QString &dataDir)
{
    struct Model {
        const char16_t *provider, *model;
        double inPerM, outPerM; // USD per million tokens; negative: no price
        double ttftMs, tokensPerSecond, weight;
        bool estimated = false;
    };
    const std::array models{
        Model{u"openai", u"gpt-4o", 2.5, 10, 480, 85, 14},
        Model{u"openai", u"gpt-4o-mini", 0.15, 0.6, 360, 115, 30},
        Model{u"openai", u"o3-mini", 1.1, 4.4, 2600, 140, 6},
        Model{u"anthropic", u"claude-sonnet-4", 3, 15, 950, 62, 16},
        Model{u"anthropic", u"claude-3-5-haiku-latest", 0.8, 4, 520, 105, 10},
        Model{u"gemini", u"gemini-2.5-flash", 0.3, 2.5, 340, 190, 14},
        Model{u"gemini", u"gemini-2.5-pro", 1.25, 10, 1900, 88, 5},
        Model{u"ollama", u"llama3.1:8b", -1, -1, 140, 42, 8},
        Model{u"openrouter", u"deepseek/deepseek-chat", 0.27, 1.1, 1250, 34, 4, true},
    };
    const std::array projects{u"", u"docs-bot", u"support-agent", u"eval-suite"};
    double weights = 0;
    for (const Model &m : models)
        weights += m.weight;

    QRandomGenerator random(20251);
    // Log-normal noise: latencies and sizes have long right tails.
    auto spread = [&random](double median, double sigma) {
        const double u1 = std::max(random.generateDouble(), 1e-12), u2 = random.generateDouble();
        return median * std::exp(sigma * std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2));
    };
    QList<Usage::UsageRecord> records;
    const QDateTime now = QDateTime::currentDateTime();
    for (int back = 29; back >= 0; --back) {
        const QDate day = now.date().addDays(-back);
        const int calls = day.dayOfWeek() >= 6 ? 25 + int(random.bounded(20)) : 90 + int(random.bounded(70));
        for (int c = 0; c < calls; ++c) {
            const QDateTime at(day, QTime(8 + int(random.bounded(13)), int(random.bounded(60)), int(random.bounded(60))));
            if (at > now)
                continue;
            double pick = random.generateDouble() * weights;
            const Model *m = &models.front();
            for (const Model &candidate : models) {
                m = &candidate;
                if ((pick -= candidate.weight) <= 0)
                    break;
            }
            Usage::UsageRecord r;
            r.timeMs = at.toMSecsSinceEpoch();
            const int sourcePick = int(random.bounded(10));
            r.source = sourcePick < 4 ? Usage::Source::Compare
                : sourcePick < 6      ? Usage::Source::Cli
                : sourcePick < 9      ? Usage::Source::Gateway
                                      : Usage::Source::Router;
            r.project = QString::fromUtf16(projects.at(random.bounded(int(projects.size()))));
            r.provider = QString::fromUtf16(m->provider);
            r.model = QString::fromUtf16(m->model);
            const qint64 in = qint64(spread(1400, 0.9)) + 20, out = qint64(spread(380, 0.8)) + 5;
            r.tokensIn = in;
            r.tokensOut = out;
            if (random.bounded(4) == 0)
                r.tokensCached = in / 2;
            if (m->inPerM >= 0) {
                r.costNanoUsd = qint64((double(in) * m->inPerM + double(out) * m->outPerM) * 1000.0);
                r.costEstimated = m->estimated;
            }
            const int outcome = int(random.bounded(100));
            if (outcome < 3) {
                r.status = Usage::Status::Error;
                r.errorClass = outcome == 0 ? u"timeout"_s : u"rate_limited"_s;
                r.httpStatus = outcome == 0 ? 0 : 429;
                r.tokensOut = 0;
                r.costNanoUsd = m->inPerM >= 0 ? std::optional<qint64>(0) : std::nullopt;
            } else {
                if (outcome < 5)
                    r.status = Usage::Status::Cancelled;
                r.ttftMs = spread(m->ttftMs, 0.35);
                r.tokensPerSecond = spread(m->tokensPerSecond, 0.2);
                r.totalMs = *r.ttftMs + double(out) / *r.tokensPerSecond * 1000.0;
            }
            records.append(r);
        }
    }
    auto db = Usage::UsageDatabase::open(Usage::UsageDatabase::fileIn(dataDir));
    if (!db) {
        std::fprintf(stderr, "%s\n", qPrintable(db.error().message));
        return false;
    }
    // Compare rounds judged between pairs of models, for the win rates.
    for (int v = 0; v < 60; ++v) {
        const Model &a = models.at(random.bounded(int(models.size())));
        const Model &b = models.at(random.bounded(int(models.size())));
        if (&a == &b)
            continue;
        const QStringList pair{QString::fromUtf16(a.provider) + u'/' + QString::fromUtf16(a.model),
                               QString::fromUtf16(b.provider) + u'/' + QString::fromUtf16(b.model)};
        // The faster, pricier model wins a little more often; some rounds tie.
        const int pick = int(random.bounded(10));
        const QString winner = pick == 0 ? QString() : pair.at(pick <= (a.outPerM > b.outPerM ? 6 : 4) ? 0 : 1);
        if (!db->recordVote({.when = now.addSecs(-qint64(random.bounded(29 * 86400))), .prompt = u"round"_s,
                             .models = pair, .winner = winner}))
            return false;
    }
    // A monthly total the month is close to, so the meter shows its warning,
    // and a provider limit that switches to a cheaper route.
    if (!db->insert(records)
        || !db->setBudget({.scope = QString(), .limitNanoUsd = 12'000'000'000})
        || !db->setBudget({.scope = u"anthropic"_s, .limitNanoUsd = 8'000'000'000,
                           .action = Usage::Budget::Action::Reroute, .rerouteTo = u"cheap-drafts"_s})) {
        std::fprintf(stderr, "cannot fill the usage database in %s\n", qPrintable(dataDir));
        return false;
    }
    return true;
}

// Waits (briefly) until the usage page has drawn what the store read.
void waitForUsage(MainWindow &window)
{
    auto *page = window.findChild<UsageUi::UsagePage *>();
    if (!page)
        return;
    QEventLoop loop;
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    QObject::connect(page, &UsageUi::UsagePage::refreshed, &loop, &QEventLoop::quit);
    page->refresh();
    loop.exec();
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

    // A data folder of its own, with a month of usage in it.
    QTemporaryDir dataDir;
    if (!dataDir.isValid() || !fillUsage(dataDir.path()))
        return 1;

    const auto pages = QMetaEnum::fromType<MainWindow::Page>();
    for (auto [scheme, name] : {std::pair{ColorScheme::Scheme::Light, "light"},
                                std::pair{ColorScheme::Scheme::Dark, "dark"}}) {
        ColorScheme::apply(scheme);
        MainWindow window(dataDir.path());
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
        auto save = [&out, name](QWidget *widget, const QString &base) {
            const QString file = out.filePath(u"%1-%2.png"_s.arg(base, QLatin1StringView(name)));
            if (!widget->grab().save(file)) {
                std::fprintf(stderr, "cannot write %s\n", qPrintable(file));
                return false;
            }
            std::printf("%s\n", qPrintable(file));
            return true;
        };
        for (int i = 0; i < pages.keyCount(); ++i) {
            const auto page = MainWindow::Page(pages.value(i));
            window.showPage(page);
            QCoreApplication::processEvents();
            const QString base = QString::fromLatin1(pages.key(i)).toLower();
            if (page != MainWindow::Page::Usage) {
                if (!save(&window, base))
                    return 1;
                continue;
            }
            waitForUsage(window);
            // Every tab of the usage page.
            auto *tabs = window.findChild<QTabWidget *>(u"usageTabs"_s);
            const QStringList tabNames{QString(), u"-speed"_s, u"-projects"_s};
            for (int tab = 0; tab < (tabs ? tabs->count() : 1); ++tab) {
                if (tabs)
                    tabs->setCurrentIndex(tab);
                QCoreApplication::processEvents();
                if (!save(&window, base + tabNames.value(tab)))
                    return 1;
            }
            if (tabs)
                tabs->setCurrentIndex(0);
            // The Budgets dialog over the page, once it has read the budgets.
            if (auto *usage = window.findChild<UsageUi::UsagePage *>()) {
                UsageUi::BudgetsDialog *dialog = usage->editBudgets();
                QEventLoop loop;
                QTimer::singleShot(5000, &loop, &QEventLoop::quit);
                QObject::connect(dialog, &UsageUi::BudgetsDialog::loaded, &loop, &QEventLoop::quit);
                loop.exec();
                QCoreApplication::processEvents();
                const bool saved = save(dialog, base + u"-budgets"_s);
                dialog->close();
                if (!saved)
                    return 1;
            }
        }
    }
    return 0;
}
