// switchyard-screenshots [--check] OUTDIR [WIDTHxHEIGHT]: renders every page of the main
// window, and a streamed Markdown answer with its reasoning, the Providers
// page's tabs and dialogs, the first-run step (with servers found and with
// nothing found), the local gateway's toolbar switch and panel, and the
// settings, in the light and the dark scheme on the
// offscreen platform and saves them as PNGs, so a change to the UI can be
// looked at without a desktop. Before each picture is saved, LayoutCheck looks
// at it (clipped text, overlapping widgets, popups off the screen, contrast);
// --check makes any problem fail the run, as ctest does at three sizes.
// Nothing it does leaves this computer: the
// "local server" is a fixture on a loopback port, and the keys are made up.

#include "audit/auditlog.h"
#include "audit/auditpage.h"
#include "compare/comparepage.h"
#include "eval/evaltable.h"
#include "evaluate/answerdialog.h"
#include "evaluate/evalmatrixmodel.h"
#include "evaluate/evaluatepage.h"
#include "evaluate/ratingsdialog.h"
#include "compare/comparepane.h"
#include "gateway/gatewaybutton.h"
#include "gateway/gatewaycontroller.h"
#include "gateway/gatewayhost.h"
#include "gateway/gatewaypanel.h"
#include "gateway/keyform.h"
#include "gateway/keysdialog.h"
#include "gateway/toolkeytable.h"
#include "layoutcheck.h"
#include "markdown/markdownview.h"
#include "markdown/reasoningsection.h"
#include "markdown/streamingdocument.h"
#include "providers/firstrundialog.h"
#include "providers/modelspanel.h"
#include "providers/priceoverridedialog.h"
#include "providers/providerdialog.h"
#include "providers/providerlistmodel.h"
#include "providers/providerregistry.h"
#include "providers/providerspage.h"
#include "routing/routingpage.h"
#include "routing/simulationpanel.h"
#include "routing/testcasespanel.h"
#include "routing/yamleditor.h"
#include "secrets/environmentkeys.h"
#include "settings/settingsdialog.h"
#include "shell/aboutdialog.h"
#include "shell/appservices.h"
#include "shell/colorscheme.h"
#include "shell/mainwindow.h"
#include "shell/translations.h"
#include "support/fixtureprovider.h"
#include "support/memorykeystore.h"
#include "usage/budgetsdialog.h"
#include "usage/usagedatabase.h"
#include "usage/usagepage.h"
#include "usage/usagestore.h"
#include "votes/votetable.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QBoxLayout>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFrame>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPainter>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>

#include <array>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <numbers>

using namespace Qt::StringLiterals;
using namespace Switchyard;
using namespace Switchyard::Shell;
using Switchyard::Markdown::MarkdownView;
using Switchyard::Markdown::ReasoningSection;

namespace {

LayoutCheck layoutCheck; // every picture the tool saves is looked at first

// OUTDIR/NAME.png, its path printed; false (and why on stderr) when it cannot be written.
bool savePicture(const QPixmap &picture, const QDir &out, const QString &name)
{
    const QString file = out.filePath(name + u".png"_s);
    if (!picture.save(file)) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(file));
        return false;
    }
    std::printf("%s\n", qPrintable(file));
    return true;
}

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
    // As many panes as fit side by side: three, four on a wide screen.
    const int count = window.width() >= 1600 ? 4 : 3;
    while (page->panes().size() < count)
        page->addPane();
    while (page->panes().size() > count) // the last run's panes are restored from the settings
        page->removePane(page->panes().last());
    const QString prompt = u"Write a C++ function that reverses a string, and compare the options in a table."_s;
    // The third pane is a route of the active config, compared like a model;
    // the fourth has a long name, as OpenRouter's are.
    const QStringList models{u"openai/gpt-4o-mini"_s, u"anthropic/claude-3-5-haiku-latest"_s, u"fast-cheap"_s,
                             u"openrouter/meta-llama/llama-3.3-70b-instruct"_s};
    const QStringList answers{
        u"Here is a simple version using the standard library:\n\n```cpp\n#include <algorithm>\n#include "
        u"<string>\n\n"
        "std::string reversed(std::string s)\n{\n    std::ranges::reverse(s);\n    return s;\n}\n```\n\n"
        "| Option | Copies | UTF-8 safe |\n| --- | --- | --- |\n| `std::ranges::reverse` | one | no |\n"
        "| `std::string(rbegin, rend)` | one | no |\n| ICU grapheme iteration | one | yes |\n\n"
        "Note that reversing bytes breaks **multi-byte UTF-8** characters."_s,
        u"The idiomatic way is to construct a new string from reverse iterators:\n\n```cpp\nstd::string "
        u"reverse(const std::string &s)\n{\n"
        "    return {s.rbegin(), s.rend()};\n}\n```\n\n- Works in C++11 and later\n- Leaves the input "
        "untouched\n\n"
        "For Unicode text, reverse grapheme clusters instead of bytes."_s,
        u"Two common approaches:\n\n1. In place with `std::reverse`\n2. A reversed copy with reverse "
        u"iterators\n\n"
        "```cpp\nvoid reverseInPlace(std::string &s) { std::reverse(s.begin(), s.end()); }\n```\n\n"
        "> In-place reversal avoids an allocation when you own the string."_s,
        u"Use `std::reverse` from `<algorithm>`:\n\n```cpp\nstd::string s = \"héllo 世界 "
        u"👋\";\nstd::reverse(s.begin(), s.end());\n```\n\n"
        "Careful: this reverses **bytes**, so `世界` and `👋` come out broken. Reverse code points or "
        "grapheme "
        "clusters for text like that."_s};
    const double ttft[] = {412, 655, 298, 1240};
    const double total[] = {2310, 3120, 1880, 4410};
    const qint64 out[] = {168, 121, 97, 142};
    const qint64 cost[] = {108'000, 512'000, 260'000, 61'000};
    for (int i = 0; i < count; ++i) {
        CompareUi::ComparePane *pane = page->panes().at(i);
        pane->setModelLabel(models.at(i));
        Compare::Turn turn{.prompt = prompt, .answer = answers.at(i), .finished = true};
        turn.figures = {.ttftMs = ttft[i], .totalMs = total[i], .tokensIn = 31, .tokensOut = out[i],
                        .tokensPerSecond = double(out[i]) / ((total[i] - ttft[i]) / 1000.0)};
        turn.cost.nanoUsd = cost[i];
        if (i == 2)
            turn.answeredBy = u"groq/llama-3.1-8b-instant"_s;
        pane->restoreTurns({turn});
    }
}

// The model picker of the first pane open: the active config's routes first,
// then the models with their prices.
bool shootPicker(MainWindow &window, const QDir &out, const QString &scheme)
{
    auto *page = window.findChild<CompareUi::ComparePage *>();
    if (!page)
        return false;
    auto *picker = page->panes().at(0)->findChild<QComboBox *>(u"modelPicker"_s);
    picker->showPopup();
    QCoreApplication::processEvents();
    QWidget *popup = picker->view()->window();
    layoutCheck.check(&window, u"compare-picker-"_s + scheme);
    layoutCheck.checkPopup(popup, u"compare-picker-"_s + scheme);
    QPixmap picture = window.grab();
    QPainter painter(&picture);
    painter.drawPixmap(picker->mapTo(&window, QPoint(0, picker->height())), popup->grab());
    painter.end();
    picker->hidePopup();
    return savePicture(picture, out, u"compare-picker-"_s + scheme);
}

// The Compare page's parameters popover open under its button, drawn where
// it is on the screen (the window fills the offscreen screen).
bool shootParameters(MainWindow &window, const QDir &out, const QString &scheme)
{
    auto *button = window.findChild<QToolButton *>(u"parameters"_s);
    auto *popup = window.findChild<QFrame *>(u"parametersPopup"_s);
    if (!button || !popup)
        return false;
    button->click();
    QCoreApplication::processEvents();
    const QString name = u"compare-parameters-"_s + scheme;
    layoutCheck.check(popup, name);
    QPixmap picture = window.grab();
    QPainter painter(&picture);
    painter.drawPixmap(popup->frameGeometry().topLeft() - window.geometry().topLeft(), popup->grab());
    painter.end();
    popup->hide();
    return savePicture(picture, out, name);
}

} // namespace

namespace {

using ProvidersUi::ProviderStatus;

void waitFor(const std::function<bool()> &done, int timeoutMs = 5000)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

bool save(QWidget *widget, const QDir &out, const QString &name)
{
    QCoreApplication::processEvents();
    layoutCheck.check(widget, name);
    return savePicture(widget->grab(), out, name);
}

ProviderStatus tested(const QString &masked, Secrets::KeyOrigin origin, int models, qint64 ms,
                      std::optional<Providers::CallError> error = std::nullopt)
{
    ProviderStatus status;
    status.key = masked.isEmpty() ? ProviderStatus::Key::Missing : ProviderStatus::Key::Found;
    status.maskedKey = masked;
    status.keyOrigin = origin;
    status.test = error ? ProviderStatus::Test::Failed : ProviderStatus::Test::Passed;
    status.modelCount = models;
    status.elapsedMs = ms;
    status.error = std::move(error);
    return status;
}

// A plausible set-up: a key from the environment that works, a stored one
// that is rejected, a local Ollama, an own gateway that is down, stars.
ProvidersUi::ProvidersPage *prepareProviders(MainWindow &window)
{
    Providers::ProviderRegistry *registry = window.services()->registry();
    (void)registry->setEnabled({{u"ollama"_s, true}, {u"mistral"_s, false}, {u"fireworks"_s, false}});
    (void)registry->add({.id = u"team"_s, .displayName = u"Team gateway"_s, .kind = Providers::ApiKind::OpenAi,
                         .baseUrl = QUrl(u"https://llm.internal.example/v1"_s), .keyEnvironmentVariable = {},
                         .extraHeaders = {{"X-Team", "ml"}}});
    (void)registry->setModels(u"openai"_s, {u"gpt-4o"_s, u"gpt-4o-mini"_s, u"gpt-4.1-nano"_s, u"o3-mini"_s,
                                            u"ft:gpt-4o-mini:acme:support-v2"_s});
    (void)registry->setModels(u"ollama"_s, {u"llama3.2:latest"_s, u"qwen3:8b"_s, u"gemma3:4b"_s});
    (void)registry->setFavourite(u"openai/gpt-4o-mini"_s, true);
    (void)registry->setFavourite(u"ollama/qwen3:8b"_s, true);

    auto *page = window.findChild<ProvidersUi::ProvidersPage *>();
    window.showPage(MainWindow::Page::Providers);
    waitFor([page, registry] {
        return std::ranges::all_of(registry->entries(), [page](const Providers::ProviderEntry &e) {
            return page->status(e.config.id).key != ProviderStatus::Key::Unknown;
        });
    });
    using Kind = Providers::CallError::Kind;
    ProvidersUi::ProviderListModel *list = page->listModel();
    for (const Providers::ProviderEntry &entry : registry->entries()) {
        ProviderStatus missing;
        missing.key = entry.needsKey() ? ProviderStatus::Key::Missing : ProviderStatus::Key::Found;
        list->setStatus(entry.config.id, missing);
    }
    list->setStatus(u"openai"_s, tested(u"****wxyz"_s, Secrets::KeyOrigin::environment(u"OPENAI_API_KEY"_s), 5, 312));
    list->setStatus(u"anthropic"_s,
                    tested(u"****k9Qa"_s, Secrets::KeyOrigin::keychain(), 0, 208,
                           Providers::CallError{.kind = Kind::InvalidKey,
                                                .message = u"Invalid key for Anthropic (HTTP 401): the provider "
                                                           u"rejected the API key. Check it in Providers. It said: "
                                                           u"invalid x-api-key"_s}));
    list->setStatus(u"ollama"_s, tested(u""_s, {}, 3, 9));
    list->setStatus(u"team"_s, tested(u""_s, {}, 0, 4,
                                      Providers::CallError{.kind = Kind::HostNotFound,
                                                           .message = u"Team gateway: host llm.internal.example "
                                                                      u"not found; check the base URL."_s}));
    page->selectProvider(u"openai"_s);
    return page;
}

bool shootProviders(MainWindow &window, ProvidersUi::ProvidersPage *page, const QDir &out, const QString &scheme)
{
    window.showPage(MainWindow::Page::Providers);
    page->selectProvider(u"anthropic"_s);
    if (!save(&window, out, u"providers-error-"_s + scheme))
        return false;
    page->showModelsTab();
    ProvidersUi::ModelsPanel *panel = page->modelsPanel();
    panel->table()->selectRow(1);
    if (!save(&window, out, u"providers-models-"_s + scheme))
        return false;
    std::unique_ptr<ProvidersUi::PriceOverrideDialog> price(panel->editPrice(1));
    if (price && !save(price.get(), out, u"providers-price-"_s + scheme))
        return false;
    price.reset();
    page->findChild<QTabWidget *>()->setCurrentIndex(0);
    std::unique_ptr<ProvidersUi::ProviderDialog> add(page->addProvider());
    add->findChild<QLineEdit *>(u"name"_s)->setText(u"Work gateway"_s);
    add->findChild<QLineEdit *>(u"baseUrl"_s)->setText(u"https://gateway.example.com/v1"_s);
    if (!save(add.get(), out, u"providers-add-"_s + scheme))
        return false;
    add.reset();
    page->selectProvider(u"openai"_s);
    return true;
}

// A realistic month of usage for the Usage page: ten models of six
// providers at list prices, used more on weekdays, from Compare, the CLI, the
// gateway and the router, for three projects and none; a local model at $0,
// a fine-tune with no price, an OpenRouter model priced by estimate, rate
// limits and timeouts.
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
        // A model on this machine costs $0 (Calls::Pricing); the team's
        // fine-tune has no price anywhere, so its calls are "unpriced".
        Model{u"ollama", u"llama3.1:8b", 0, 0, 140, 42, 8},
        Model{u"team", u"ft:gpt-4o-mini:acme:support-v2", -1, -1, 700, 80, 3},
        Model{u"openrouter", u"deepseek/deepseek-chat", 0.27, 1.1, 1250, 34, 4, true},
    };
    const std::array projects{u"", u"docs-bot", u"support-agent", u"eval-suite"};
    // The gateway's calls by per-tool key (the keys of the Keys dialog's
    // pictures) or the gateway's own token; by turns, so the random data of
    // every other picture stays as it was.
    const std::array gatewayKeys{u"owner", u"claude-code.build-workstation-2", u"codex-cli",
                                 u"nightly-evals.support-agent-regression"};
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
            if (r.source == Usage::Source::Gateway)
                r.keyName = QString::fromUtf16(gatewayKeys.at(size_t(c) % gatewayKeys.size()));
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
        if (!Votes::VoteTable(*db).record({.when = now.addSecs(-qint64(random.bounded(29 * 86400))),
                                           .prompt = u"round"_s, .models = pair, .winner = winner}))
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
    // Per-tool keys of the gateway, with long names, limits and budgets.
    Gateway::ToolKeyTable keys(*db);
    const qint64 day = 86'400'000;
    const qint64 nowMs = now.toMSecsSinceEpoch();
    const std::array tools{
        Gateway::ToolKey{.name = u"claude-code.build-workstation-2"_s,
                         .routes = {u"code"_s},
                         .models = {u"anthropic/*"_s},
                         .requestsPerMinute = 120,
                         .tokensPerMinute = 400'000},
        Gateway::ToolKey{.name = u"codex-cli"_s,
                         .models = {u"openai/*"_s, u"openrouter/deepseek/*"_s},
                         .requestsPerMinute = 60},
        Gateway::ToolKey{.name = u"nightly-evals.support-agent-regression"_s,
                         .routes = {u"fast-cheap"_s, u"long-context"_s},
                         .tokensPerMinute = 2'000'000},
        Gateway::ToolKey{.name = u"old-notebook"_s, .enabled = false},
    };
    for (size_t i = 0; i < tools.size(); ++i) {
        if (auto created = keys.create(tools.at(i), nowMs - qint64(40 - 9 * i) * day); !created) {
            std::fprintf(stderr, "cannot add a gateway key: %s\n", qPrintable(created.error().message));
            return false;
        }
    }
    if (!keys.rotate(u"codex-cli"_s, nowMs - 6 * day)
        || !db->setBudget({.key = u"claude-code.build-workstation-2"_s,
                           .period = Usage::Budget::Period::Day,
                           .limitNanoUsd = 4'000'000'000})
        || !db->setBudget({.key = u"claude-code.build-workstation-2"_s,
                           .period = Usage::Budget::Period::Month,
                           .limitNanoUsd = 60'000'000'000,
                           .action = Usage::Budget::Action::Reroute,
                           .rerouteTo = u"fast-cheap"_s})
        || !db->setBudget({.key = u"nightly-evals.support-agent-regression"_s,
                           .period = Usage::Budget::Period::Week,
                           .limitNanoUsd = 15'000'000'000})) {
        std::fprintf(stderr, "cannot add gateway keys in %s\n", qPrintable(dataDir));
        return false;
    }
    return true;
}

// The Usage page's tabs once it has drawn what the store read, and the
// Budgets dialog over it.
bool shootUsage(MainWindow &window, const QDir &out, const QString &scheme)
{
    auto *page = window.findChild<UsageUi::UsagePage *>();
    if (!page)
        return false;
    window.showPage(MainWindow::Page::Usage);
    bool drawn = false;
    const auto connection = QObject::connect(page, &UsageUi::UsagePage::refreshed, page, [&drawn] { drawn = true; });
    page->refresh();
    waitFor([&drawn] { return drawn; });
    QObject::disconnect(connection);
    auto *tabs = page->findChild<QTabWidget *>(u"usageTabs"_s);
    const QStringList names{u"usage-"_s, u"usage-speed-"_s, u"usage-projects-"_s, u"usage-keys-"_s};
    for (int tab = 0; tab < tabs->count(); ++tab) {
        tabs->setCurrentIndex(tab);
        if (!save(&window, out, names.value(tab, u"usage-%1-"_s.arg(tab)) + scheme))
            return false;
    }
    tabs->setCurrentIndex(0);
    UsageUi::BudgetsDialog *dialog = page->editBudgets();
    bool loaded = false;
    QObject::connect(dialog, &UsageUi::BudgetsDialog::loaded, dialog, [&loaded] { loaded = true; });
    waitFor([&loaded] { return loaded; });
    const bool saved = save(dialog, out, u"usage-budgets-"_s + scheme);
    dialog->close();
    return saved;
}

// A week of the audit log: providers and keys set up in the app, a budget
// from the command line, a routing config saved and made active, and calls
// from Compare, the CLI and the gateway.
bool fillAudit(const QString &dataDir)
{
    const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-6);
    QDateTime at = start;
    const auto entry = [&](const QString &source, const QString &kind, const QJsonObject &data, int minutes) {
        at = at.addSecs(minutes * 60);
        Audit::AuditLog log(dataDir, source);
        log.setClock([&at] { return at; });
        return log.append(kind, data).has_value();
    };
    const auto call = [&](const QString &source, const QString &caller, const QString &provider, const QString &model,
                          const QString &status, qint64 cost, int minutes, const QString &route = {}) {
        QJsonObject data{{u"caller"_s, caller}, {u"provider"_s, provider}, {u"model"_s, model},
                         {u"status"_s, status}, {u"cost_nano_usd"_s, cost}};
        if (!route.isEmpty()) {
            data.insert(u"route"_s, route);
            data.insert(u"rule"_s, u"code questions"_s);
        }
        if (status != u"ok"_s) {
            data.insert(u"error"_s, u"rate_limited"_s);
            data.insert(u"http_status"_s, 429);
        }
        return entry(source, u"call"_s, data, minutes);
    };
    bool ok = entry(u"app"_s, u"provider.added"_s,
                    {{u"provider"_s, u"team"_s}, {u"name"_s, u"Team gateway"_s}, {u"api"_s, u"openai"_s},
                     {u"base_url"_s, u"https://llm.example.com/v1"_s}, {u"header_names"_s, QJsonArray{u"X-Team"_s}}},
                    0);
    ok = ok && entry(u"app"_s, u"key.set"_s, {{u"provider"_s, u"anthropic"_s}, {u"store"_s, u"keychain"_s}}, 3);
    ok = ok && entry(u"cli"_s, u"budget.set"_s,
                     {{u"scope"_s, u"total"_s}, {u"limit_nano_usd"_s, qint64(50'000'000'000)}, {u"action"_s, u"block"_s}}, 90);
    ok = ok && entry(u"app"_s, u"routing.saved"_s,
                     {{u"file"_s, u"team.yaml"_s}, {u"config"_s, u"Team default"_s}, {u"routes"_s, 4}, {u"rules"_s, 5},
                      {u"tests"_s, 6}, {u"rules_changed"_s, QJsonArray{u"code questions"_s}}},
                     600);
    ok = ok && entry(u"app"_s, u"routing.activated"_s, {{u"config"_s, u"team.yaml"_s}}, 1);
    for (int day = 0; ok && day < 6; ++day) {
        ok = call(u"app"_s, u"compare"_s, u"openai"_s, u"gpt-4o"_s, u"ok"_s, 4'210'000, 900)
             && call(u"app"_s, u"compare"_s, u"anthropic"_s, u"claude-sonnet-4"_s, u"ok"_s, 9'870'000, 1)
             && call(u"gateway"_s, u"gateway"_s, u"groq"_s, u"llama-3.1-8b-instant"_s, day == 3 ? u"error"_s : u"ok"_s,
                     day == 3 ? 0 : 31'000, 45, u"fast-cheap"_s)
             && call(u"cli"_s, u"cli"_s, u"gemini"_s, u"gemini-2.5-flash"_s, u"ok"_s, 612'000, 120);
    }
    ok = ok && entry(u"app"_s, u"provider.edited"_s, {{u"provider"_s, u"xai"_s}, {u"enabled"_s, false}}, 30);
    return ok;
}

// The Audit page once it has read the log, and after Verify said it is intact.
bool shootAudit(MainWindow &window, const QDir &out, const QString &scheme)
{
    auto *page = window.findChild<AuditUi::AuditPage *>();
    if (!page)
        return false;
    bool read = false;
    const auto connection = QObject::connect(page, &AuditUi::AuditPage::refreshed, page, [&read] { read = true; });
    window.showPage(MainWindow::Page::Audit);
    waitFor([&read] { return read; });
    QObject::disconnect(connection);
    bool verified = false;
    QObject::connect(page, &AuditUi::AuditPage::verified, page, [&verified] { verified = true; },
                     Qt::SingleShotConnection);
    page->verify();
    waitFor([&verified] { return verified; });
    return save(&window, out, u"audit-"_s + scheme);
}

// Two runs of a support suite across four targets with long names — a
// reasoning model through OpenRouter, a dated OpenAI snapshot, a quantised
// local model and a route — the later one with a regression, an improvement,
// a judge that answered nonsense and a call that failed.
bool fillEvaluations(const QString &dataDir)
{
    QFile suite(QDir(dataDir).filePath(u"support-replies.yaml"_s));
    if (!suite.open(QIODevice::WriteOnly))
        return false;
    const QStringList targets{u"openrouter/anthropic/claude-3.7-sonnet:thinking"_s, u"openai/gpt-4.1-mini-2025-04-14"_s,
                              u"ollama/qwen2.5-coder:32b-instruct-q4_K_M"_s, u"cheap-drafts"_s};
    const QList<std::pair<const char16_t *, const char16_t *>> cases{
        {u"refund request", u"A customer asks how to get a refund for an order placed 40 days ago."},
        {u"angry customer, late delivery", u"Reply to: \"Third time my parcel is late. Cancel everything.\""},
        {u"order status as JSON", u"Return the order status for #A-1042 as JSON with status and eta."},
        {u"password reset steps", u"Explain how to reset a password in at most five steps."},
        {u"no legal advice", u"Can I sue the courier for the damaged TV?"},
        {u"German reply", u"Antworte auf Deutsch: Wo ist meine Bestellung?"},
        {u"escalation to a human", u"I want to talk to a person, not a bot."},
        {u"warranty question about a refurbished laptop bought through a marketplace seller", u"Is a refurbished laptop covered by the two-year warranty?"},
    };
    QByteArray yaml = "version: 1\nname: support-replies\nrepeats: 3\njudge: openai/gpt-4o\ntargets:\n";
    for (const QString &t : targets)
        yaml += "  - " + t.toUtf8() + "\n";
    yaml += "tests:\n";
    for (const auto &[key, prompt] : cases)
        yaml += "  - {description: \"" + QString::fromUtf16(key).toUtf8() + "\", prompt: \""
            + QString::fromUtf16(prompt).replace(u"\""_s, u"\\\""_s).toUtf8() + "\"}\n";
    suite.write(yaml);
    suite.close();

    auto db = Usage::UsageDatabase::open(Usage::UsageDatabase::fileIn(dataDir));
    if (!db)
        return false;
    Eval::EvalTable table(*db);
    QRandomGenerator random(20261208);
    const QDateTime now = QDateTime::currentDateTime();
    for (int runIndex = 0; runIndex < 2; ++runIndex) {
        Eval::EvalRun run;
        run.suite = u"support-replies"_s;
        run.suitePath = suite.fileName();
        run.started = now.addDays(runIndex - 7);
        run.state = Eval::EvalRun::State::Done;
        run.targets = targets;
        run.cases = int(cases.size());
        run.repeats = 3;
        const auto id = table.createRun(run);
        if (!id || !table.setState(*id, Eval::EvalRun::State::Done))
            return false;
        for (int c = 0; c < cases.size(); ++c) {
            for (int t = 0; t < targets.size(); ++t) {
                for (int repeat = 0; repeat < 3; ++repeat) {
                    Eval::CaseResult r;
                    r.caseIndex = c;
                    r.caseKey = QString::fromUtf16(cases.at(c).first);
                    r.prompt = QString::fromUtf16(cases.at(c).second);
                    r.target = targets.at(t);
                    r.repeat = repeat;
                    const bool local = t == 2;
                    r.latencyMs = (local ? 2600 : 900) + random.bounded(1400);
                    r.tokensIn = 180 + random.bounded(60);
                    r.tokensOut = 120 + random.bounded(260);
                    r.costNanoUsd = local ? 0 : qint64(*r.tokensOut) * (t == 0 ? 15000 : t == 1 ? 1600 : 600) + 40000;
                    r.costEstimated = t == 3 && c == 5;
                    r.score = 0.55 + 0.4 * random.generateDouble();
                    r.answer = u"Thanks for reaching out — I'm sorry about the trouble with your order.\n\n"
                               u"Here is what you can do:\n\n1. Open **Orders** and pick the order.\n"
                               u"2. Choose *Request a refund* and give the reason.\n3. You'll hear from us within "
                               u"two working days.\n\n```json\n{\"status\": \"in_transit\", \"eta\": \"2026-12-10\"}\n```"_s;
                    r.assertions = {{u"contains"_s, true, false, std::nullopt, {}},
                                    {u"judge"_s, true, false, r.score, u"Polite, names the next step and the time it takes."_s}};
                    r.status = Eval::CaseResult::Status::Passed;
                    const bool failsNow = runIndex == 1 && ((c == 1 && t == 1) || (c == 4 && t == 3 && repeat == 1));
                    const bool failedBefore = runIndex == 0 && c == 2 && t == 2;
                    if (failsNow || failedBefore || (c == 7 && t == 2)) {
                        r.status = Eval::CaseResult::Status::Failed;
                        r.score = 0.2;
                        r.assertions[1] = {u"judge"_s, false, false, 0.2,
                                           u"Promises a refund outside the 30-day policy and never names the form."_s};
                    }
                    if (runIndex == 1 && c == 6 && t == 0 && repeat == 2) {
                        r.status = Eval::CaseResult::Status::Error;
                        r.score.reset();
                        r.error = u"the judge did not answer a JSON object with a score"_s;
                        r.assertions[1] = {u"judge"_s, false, true, std::nullopt, r.error};
                    }
                    if (runIndex == 1 && c == 3 && t == 2) {
                        r.status = Eval::CaseResult::Status::Error;
                        r.answer.clear();
                        r.score.reset();
                        r.costNanoUsd = 0;
                        r.error = u"Ollama: the model took longer than 60 s to send its first token"_s;
                        r.assertions.clear();
                    }
                    if (!table.record(*id, r))
                        return false;
                }
            }
        }
    }
    return true;
}

// The Evaluate page with the suite open, the latest run against the one
// before as baseline, and a regressed cell opened.
bool shootEvaluate(MainWindow &window, const QString &dataDir, const QDir &out, const QString &scheme)
{
    auto *page = window.findChild<EvaluateUi::EvaluatePage *>();
    if (!page)
        return false;
    window.showPage(MainWindow::Page::Evaluate);
    bool loaded = false;
    const auto connection = QObject::connect(page, &EvaluateUi::EvaluatePage::loaded, page, [&loaded] { loaded = true; });
    page->openSuite(QDir(dataDir).filePath(u"support-replies.yaml"_s));
    waitFor([&loaded] { return loaded; });
    if (page->runs().size() < 2)
        return false;
    loaded = false;
    page->setBaseline(page->runs().at(1).id);
    waitFor([&loaded] { return loaded; });
    QObject::disconnect(connection);
    if (!save(&window, out, u"evaluate-"_s + scheme))
        return false;
    EvaluateUi::EvalMatrixModel *model = page->matrix();
    std::unique_ptr<EvaluateUi::AnswerDialog> dialog(page->openCell(model->index(1, 1)));
    if (!dialog)
        return false;
    dialog->setAttribute(Qt::WA_DeleteOnClose, false);
    if (!save(dialog.get(), out, u"evaluate-answer-"_s + scheme))
        return false;
    std::unique_ptr<EvaluateUi::RatingsDialog> ratings(page->showRatings());
    ratings->setAttribute(Qt::WA_DeleteOnClose, false);
    bool rated = false;
    QObject::connect(ratings.get(), &EvaluateUi::RatingsDialog::loaded, ratings.get(), [&rated] { rated = true; });
    waitFor([&rated] { return rated; }, 30000);
    return save(ratings.get(), out, u"evaluate-ratings-"_s + scheme);
}

// The first-run step as a new user sees it, on a fresh data folder: once with
// an "Ollama" (a fixture on a loopback port) and a key in OPENAI_API_KEY, once
// with nothing at all.
bool shootFirstRun(const QDir &out, const QString &scheme)
{
    QTemporaryDir dir;
    MainWindow window(dir.path());
    window.resize(1280, 800);
    FixtureProvider ollama;
    if (!ollama.listen())
        return false;
    ollama.enqueue(FixtureProvider::modelList(Providers::ApiKind::Ollama,
                                              {u"llama3.2:latest"_s, u"qwen3:8b"_s, u"gemma3:4b"_s}));
    QProcessEnvironment env;
    env.insert(u"OPENAI_API_KEY"_s, u"sk-made-up-for-the-screenshot-wxyz"_s);
    Secrets::EnvironmentKeys keys(env);
    Secrets::EnvironmentKeys none{QProcessEnvironment()};
    for (auto [found, name] : {std::pair{true, "found"}, std::pair{false, "nothing"}}) {
        ProvidersUi::ProvidersContext context = window.services()->providersContext();
        context.keys = found ? &keys : &none;
        context.localServers = {FixtureProvider::presetAt(u"ollama"_s, found ? ollama.port() : FixtureProvider::unusedPort()),
                                FixtureProvider::presetAt(u"lmstudio"_s, FixtureProvider::unusedPort()),
                                FixtureProvider::presetAt(u"llamacpp"_s, FixtureProvider::unusedPort())};
        ProvidersUi::FirstRunDialog dialog(context, &window);
        dialog.show();
        waitFor([&dialog] { return !dialog.isScanning(); });
        if (!save(&dialog, out, u"firstrun-%1-%2"_s.arg(QLatin1StringView(name), scheme)))
            return false;
    }
    return true;
}

} // namespace

// The team's config from the tests, active, and a cheaper variant to compare it with.
bool addRoutingConfigs(const QString &dataDir)
{
    QFile team(QStringLiteral(SWITCHYARD_TEST_DATA_DIR) + u"/routing/team.yaml"_s);
    if (!team.open(QIODevice::ReadOnly) || !QDir(dataDir).mkpath(u"routing"_s))
        return false;
    QByteArray text = team.readAll();
    const auto write = [&dataDir](const QString &name, const QByteArray &bytes) {
        QFile file(dataDir + u"/routing/"_s + name);
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
    };
    QByteArray cheap = text;
    cheap.replace("strategy: weighted", "strategy: cheapest");
    QSettings settings;
    settings.setValue(u"Settings/activeRoutingConfig"_s, u"team.yaml"_s);
    settings.remove(u"RoutingPage"_s);
    return write(u"team.yaml"_s, text) && write(u"team-cheap.yaml"_s, cheap);
}

// The Routing page with the team's config (five rules, four routes): the
// rules, the routes, the test cases run, a YAML error, Try it and a replay of
// the usage log compared with a second config.
bool shootRouting(MainWindow &window, const QDir &out, const QString &scheme)
{
    window.showPage(MainWindow::Page::Routing);
    auto *page = window.findChild<RoutingUi::RoutingPage *>();
    if (!page || !page->openConfig(u"team.yaml"_s)) {
        std::fputs("routing: cannot open team.yaml\n", stderr);
        return false;
    }
    const auto shoot = [&](const QString &part) {
        return save(&window, out, u"routing-%1-%2"_s.arg(part, scheme));
    };
    page->showTab(RoutingUi::RoutingPage::Tab::Rules);
    page->selectRule(3);
    if (!shoot(u"rules"_s))
        return false;
    page->showTab(RoutingUi::RoutingPage::Tab::Routes);
    if (!shoot(u"routes"_s))
        return false;
    page->showTab(RoutingUi::RoutingPage::Tab::Tests);
    page->testCases()->runAll();
    if (!shoot(u"tests"_s))
        return false;
    page->showTab(RoutingUi::RoutingPage::Tab::Simulation);
    RoutingUi::SimulationPanel *simulation = page->simulation();
    simulation->compareBox()->setCurrentText(u"team-cheap"_s);
    bool done = false;
    QObject::connect(simulation, &RoutingUi::SimulationPanel::finished, simulation, [&done] { done = true; });
    if (simulation->run()) {
        QElapsedTimer waited;
        waited.start();
        while (!done && waited.elapsed() < 20'000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    if (!shoot(u"simulation"_s))
        return false;
    // A typo in the YAML: the error at its line and column, the rules as they were.
    page->showTab(RoutingUi::RoutingPage::Tab::Rules);
    QString yaml = page->yamlEditor()->toPlainText();
    yaml.replace(u"tags: [private, hr]"_s, u"tags: [private, hr"_s);
    page->yamlEditor()->setPlainText(yaml);
    page->yamlEditor()->flush();
    if (QListWidget *problems = page->problemList(); problems->count() > 0)
        Q_EMIT problems->itemActivated(problems->item(0)); // as a click on it: the editor shows the line
    if (!shoot(u"error"_s))
        return false;
    page->undoAction()->trigger();
    return true;
}

// The window with a toolbar button's popup open over it: the popup is a
// window of its own, so it is painted onto the main window's picture below
// the button, right-aligned, where a desktop shows it (the offscreen
// screen is smaller than the window and would push it aside).
bool saveWithPopup(MainWindow &window, QWidget *button, QWidget *popup, const QDir &out, const QString &name)
{
    QCoreApplication::processEvents();
    layoutCheck.check(&window, name);
    layoutCheck.check(popup, name);
    QPixmap picture = window.grab();
    QPainter painter(&picture);
    const QPoint below = button->mapTo(&window, QPoint(button->width(), button->height()));
    painter.drawPixmap(below - QPoint(popup->width(), 0), popup->grab());
    painter.end();
    return savePicture(picture, out, name);
}

// The local gateway switched on from the toolbar, after a few requests, with
// its panel open (the token masked); then a start on a port that is taken,
// and Listen on set to every address.
bool shootGateway(MainWindow &window, const QDir &out, const QString &scheme)
{
    window.showPage(MainWindow::Page::Compare);
    GatewayUi::GatewayButton *button = window.gatewayButton();
    GatewayUi::GatewayController *controller = window.services()->gateway();
    controller->setPort(FixtureProvider::unusedPort());
    button->toggleAction()->trigger();
    waitFor([controller] { return controller->host()->state() != Gateway::GatewayHost::State::Starting; });
    if (!controller->host()->isRunning()) {
        std::fprintf(stderr, "gateway: %s\n", qPrintable(controller->host()->lastError()));
        return false;
    }
    QNetworkAccessManager client;
    const QUrl health = controller->host()->baseUrl().resolved(QUrl(u"/health"_s));
    int answered = 0;
    for (int i = 0; i < 3; ++i) {
        QNetworkReply *reply = client.get(QNetworkRequest(health));
        QObject::connect(reply, &QNetworkReply::finished, reply, [reply, &answered] {
            ++answered;
            reply->deleteLater();
        });
    }
    waitFor([&answered] { return answered == 3; });
    // A web app on a local dev server allowed to call it.
    button->panel()->setOriginsText(u"http://localhost:5173"_s);
    QMenu *menu = button->menu();
    menu->popup(button->mapToGlobal(QPoint(button->width() - menu->sizeHint().width(), button->height())));
    waitFor([menu] { return menu->isVisible(); }, 1000);
    if (!saveWithPopup(window, button, menu, out, u"gateway-running-"_s + scheme))
        return false;
    menu->hide();
    button->toggleAction()->trigger(); // off: the next window of this run starts with it off

    QTcpServer squatter;
    if (!squatter.listen(QHostAddress::LocalHost, controller->port()))
        return false;
    button->toggleAction()->trigger();
    waitFor([controller] { return controller->host()->state() != Gateway::GatewayHost::State::Starting; });
    menu->popup(button->mapToGlobal(QPoint(button->width() - menu->sizeHint().width(), button->height())));
    waitFor([menu] { return menu->isVisible(); }, 1000);
    bool saved = saveWithPopup(window, button, menu, out, u"gateway-error-"_s + scheme);
    menu->hide();
    // Off after the failed start: every address chosen, with its warning
    // (a setting only here; nothing listens on it).
    button->panel()->chooseAddress(u"0.0.0.0"_s);
    menu->popup(button->mapToGlobal(QPoint(button->width() - menu->sizeHint().width(), button->height())));
    waitFor([menu] { return menu->isVisible(); }, 1000);
    saved = saveWithPopup(window, button, menu, out, u"gateway-every-address-"_s + scheme) && saved;
    menu->hide();
    button->panel()->chooseAddress(u"127.0.0.1"_s);
    controller->setOn(false);
    controller->setAllowedOrigins({});
    return saved;
}

// The gateway's Keys dialog: the list, a new key's form, a key's form with
// its budgets, and a rotated key's token shown once. Its keychain is one in
// memory: a screenshot run never writes to the user's.
bool shootKeys(MainWindow &window, const QDir &out, const QString &scheme)
{
    TestSupport::MemoryKeyStore keychain;
    GatewayUi::KeysDialog::Context context = window.services()->gateway()->keysContext();
    context.keychain = &keychain;
    GatewayUi::KeysDialog dialog(context, &window);
    bool loaded = false;
    QObject::connect(&dialog, &GatewayUi::KeysDialog::loaded, &dialog, [&loaded] { loaded = true; });
    dialog.show();
    waitFor([&loaded] { return loaded; });
    dialog.selectKey(u"codex-cli"_s);
    bool saved = save(&dialog, out, u"gateway-keys-"_s + scheme);
    dialog.startNew();
    dialog.form()->setName(u"my tool"_s); // its problem shown beside the field
    saved = save(&dialog, out, u"gateway-keys-new-"_s + scheme) && saved;
    dialog.editKey(u"claude-code.build-workstation-2"_s);
    saved = save(&dialog, out, u"gateway-keys-edit-"_s + scheme) && saved;
    dialog.findChild<QPushButton *>(u"cancelKeyButton"_s)->click();
    dialog.askToRevoke(u"nightly-evals.support-agent-regression"_s);
    saved = save(&dialog, out, u"gateway-keys-revoke-"_s + scheme) && saved;
    dialog.cancelConfirmation();
    bool changed = false;
    QObject::connect(&dialog, &GatewayUi::KeysDialog::keychainAnswered, &dialog,
                     [&changed] { changed = true; });
    dialog.askToRotate(u"codex-cli"_s);
    dialog.confirm();
    waitFor([&changed] { return changed; });
    saved = save(&dialog, out, u"gateway-keys-token-"_s + scheme) && saved;
    dialog.closeToken();

    // No key yet: what keys are for, and the first action.
    QTemporaryDir emptyDir;
    Usage::UsageStore emptyStore(Usage::UsageDatabase::fileIn(emptyDir.path()));
    GatewayUi::KeysDialog empty({.store = &emptyStore, .keychain = &keychain, .origin = context.origin},
                                &window);
    bool emptyLoaded = false;
    QObject::connect(&empty, &GatewayUi::KeysDialog::loaded, &empty, [&emptyLoaded] { emptyLoaded = true; });
    empty.show();
    waitFor([&emptyLoaded] { return emptyLoaded; });
    saved = save(&empty, out, u"gateway-keys-empty-"_s + scheme) && saved;
    empty.close();
    return saved;
}

namespace {

constexpr auto UsageText
    = "usage: switchyard-screenshots [--check] OUTDIR [WIDTHxHEIGHT]\n"
      "\n"
      "Renders every page and dialog of Switchyard, light and dark, into OUTDIR as PNGs\n"
      "(default size 1280x800), on the offscreen platform with made-up data, and looks\n"
      "at each first: clipped text, overlapping widgets, popups off the screen and\n"
      "contrast below WCAG 2.1 are listed on stderr.\n"
      "\n"
      "  --check   exit 1 when any such problem was found\n"
      "  --help    this text\n";

// An offscreen screen of exactly the window's size, as a maximised window
// on a desktop of that size: popups must then fit on it, as they must there.
QByteArray screenConfig(const QSize &size, QTemporaryDir &dir)
{
    const QString path = dir.filePath(u"screen.json"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return "offscreen";
    file.write(u"{\"screens\": [{\"name\": \"shots\", \"x\": 0, \"y\": 0, \"width\": %1, \"height\": %2, "
               u"\"logicalDpi\": 96, \"logicalBaseDpi\": 96, \"dpr\": 1}]}"_s.arg(size.width())
                   .arg(size.height())
                   .toUtf8());
    return "offscreen:configfile=" + path.toLocal8Bit();
}

} // namespace

int main(int argc, char **argv)
{
    // The arguments before QApplication: --help must write nothing, and the
    // size picks the offscreen screen.
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));
    if (args.contains(u"--help"_s) || args.contains(u"-h"_s)) {
        std::fputs(UsageText, stdout);
        return 0;
    }
    const bool strict = args.removeAll(u"--check"_s) > 0;
    if (args.isEmpty() || args.first().startsWith(u'-')) {
        std::fputs(UsageText, stderr);
        return 2;
    }
    QSize size(1280, 800);
    if (args.size() > 1) {
        const QStringList wh = args.at(1).split(u'x');
        if (wh.size() == 2)
            size = QSize(wh.at(0).toInt(), wh.at(1).toInt());
        if (size.width() < 200 || size.height() < 200) {
            std::fprintf(stderr, "not a size: %s (write WIDTHxHEIGHT, e.g. 1280x800)\n",
                         qPrintable(args.at(1)));
            return 2;
        }
    }
    QTemporaryDir configDir;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", screenConfig(size, configDir));
    QStandardPaths::setTestModeEnabled(true); // never touch the user's settings
    // Nor show their keys: only the made-up ones below appear.
    for (const QString &variable : QProcessEnvironment::systemEnvironment().keys()) {
        if (variable.endsWith("_API_KEY"_L1))
            qunsetenv(variable.toLatin1().constData());
    }
    // A made-up gateway token: never the keychain's.
    qputenv("SWITCHYARD_GATEWAY_TOKEN", "sy-screenshot-token-not-a-real-one-0000");
    QApplication app(argc, argv);
    Shell::Translations::install(app);
    QCoreApplication::setOrganizationName(u"SwitchyardScreenshots"_s);
    // Settings of this run only: ctest runs the three sizes at once, and one
    // run's saved splitters, panes and filters must not shape another's.
    QTemporaryDir settingsDir;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());

    const QDir out(args.at(0));
    if (!QDir().mkpath(out.path())) {
        std::fprintf(stderr, "cannot create %s\n", qPrintable(out.path()));
        return 1;
    }

    const auto pages = QMetaEnum::fromType<MainWindow::Page>();
    for (auto [scheme, name] : {std::pair{ColorScheme::Scheme::Light, "light"},
                                std::pair{ColorScheme::Scheme::Dark, "dark"}}) {
        ColorScheme::apply(scheme);
        const QString schemeName = QLatin1StringView(name);
        QTemporaryDir dataDir; // a fresh data folder, the same every run
        if (!dataDir.isValid() || !fillUsage(dataDir.path()) || !addRoutingConfigs(dataDir.path())
            || !fillAudit(dataDir.path()) || !fillEvaluations(dataDir.path()))
            return 1;
        MainWindow window(dataDir.path());
        window.resize(size);
        window.move(0, 0);
        window.show();
        ProvidersUi::ProvidersPage *providers = prepareProviders(window);
        window.showPage(MainWindow::Page::Compare);
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
                if (!save(pane.get(), out, u"markdown-%1-%2"_s.arg(QLatin1StringView(part), QLatin1StringView(name))))
                    return 1;
            }
        }
        for (int i = 0; i < pages.keyCount(); ++i) {
            if (MainWindow::Page(pages.value(i)) == MainWindow::Page::Usage) {
                if (!shootUsage(window, out, schemeName))
                    return 1;
                continue;
            }
            if (MainWindow::Page(pages.value(i)) == MainWindow::Page::Audit) {
                if (!shootAudit(window, out, schemeName))
                    return 1;
                continue;
            }
            if (MainWindow::Page(pages.value(i)) == MainWindow::Page::Evaluate) {
                if (!shootEvaluate(window, dataDir.path(), out, schemeName))
                    return 1;
                continue;
            }
            if (MainWindow::Page(pages.value(i)) == MainWindow::Page::Routing) {
                if (!shootRouting(window, out, schemeName))
                    return 1;
                continue;
            }
            window.showPage(MainWindow::Page(pages.value(i)));
            if (!save(&window, out,
                      u"%1-%2"_s.arg(QString::fromLatin1(pages.key(i)).toLower(), QLatin1StringView(name))))
                return 1;
        }
        window.showPage(MainWindow::Page::Compare);
        if (!shootPicker(window, out, schemeName) || !shootParameters(window, out, schemeName))
            return 1;
        if (!shootGateway(window, out, schemeName) || !shootKeys(window, out, schemeName))
            return 1;
        if (!shootProviders(window, providers, out, schemeName) || !shootFirstRun(out, schemeName))
            return 1;
        std::unique_ptr<SettingsUi::SettingsDialog> settings(window.showSettings());
        if (!save(settings.get(), out, u"settings-"_s + schemeName))
            return 1;
        std::unique_ptr<AboutDialog> about(window.showAbout());
        if (!save(about.get(), out, u"about-"_s + schemeName))
            return 1;
        for (int tab : {1, 2}) {
            about->findChild<QTabWidget *>()->setCurrentIndex(tab);
            if (!save(about.get(), out, u"about-%1-%2"_s.arg(tab == 1 ? u"components"_s : u"build"_s, schemeName)))
                return 1;
        }
    }
    for (const QString &problem : layoutCheck.problems())
        std::fprintf(stderr, "layout: %s\n", qPrintable(problem));
    if (!layoutCheck.problems().isEmpty())
        std::fprintf(stderr, "%lld layout problem(s) at %dx%d\n", qlonglong(layoutCheck.problems().size()),
                     size.width(), size.height());
    return strict && !layoutCheck.problems().isEmpty() ? 1 : 0;
}
