#include "providers/firstrundialog.h"

#include "base/units.h"
#include "providers/availablemodels.h"
#include "providers/providerstatus.h"
#include "providers/localserverscan.h"
#include "providers/providerregistry.h"
#include "secrets/keyjob.h"
#include "secrets/keystore.h"

#include <QBoxLayout>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace Switchyard::ProvidersUi {

FirstRunDialog::FirstRunDialog(const ProvidersContext &context, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
{
    setObjectName(u"firstRunDialog"_s);
    setWindowTitle(tr("Welcome to Switchyard"));

    auto *title = new QLabel(tr("Welcome to Switchyard"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setWeight(QFont::DemiBold);
    title->setFont(titleFont);
    auto *intro = new QLabel(tr("Switchyard sends one prompt to several models and shows their answers, speed and "
                                "cost side by side. First, the models you can use right away:"),
                             this);
    intro->setWordWrap(true);

    m_status = new QLabel(this);
    m_status->setObjectName(u"firstRunStatus"_s);
    m_status->setWordWrap(true);
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0); // how long is not known: a busy bar
    m_busy->setTextVisible(false);
    m_busy->setMaximumHeight(6);

    m_offerLayout = new QVBoxLayout;
    m_offerLayout->setSpacing(6);
    m_missingNote = new QLabel(this);
    m_missingNote->setObjectName(u"firstRunMissing"_s);
    m_missingNote->setWordWrap(true);
    m_missingNote->setForegroundRole(QPalette::PlaceholderText);

    m_guide = new QLabel(this);
    m_guide->setObjectName(u"firstRunGuide"_s);
    m_guide->setWordWrap(true);
    m_guide->setTextFormat(Qt::RichText);
    m_guide->setText(
        tr("<p>Nothing to compare with yet: no model server answered on this computer, and no API key was found "
           "in the environment or the keychain.</p>"
           "<p><b>To start with a hosted model</b></p>"
           "<ol><li>Get an API key from OpenAI, Anthropic, Google AI Studio or OpenRouter (OpenRouter alone "
           "reaches hundreds of models).</li>"
           "<li>Click <b>Add a Key…</b>, choose the provider and paste the key. It goes straight to the system "
           "keychain; Switchyard never writes it to a file.</li>"
           "<li>Press <b>Test Connection</b>, then pick its models on the Compare page.</li></ol>"
           "<p><b>To compare local models</b>, start Ollama (<code>ollama serve</code>, then <code>ollama pull "
           "llama3.2</code>) or LM Studio's server, then <b>Look Again</b>.</p>"));
    m_guide->hide();

    auto *buttons = new QDialogButtonBox(this);
    m_rescan = buttons->addButton(tr("&Look Again"), QDialogButtonBox::ResetRole);
    m_rescan->setObjectName(u"firstRunRescan"_s);
    m_manual = buttons->addButton(tr("Set Up &Myself"), QDialogButtonBox::RejectRole);
    m_manual->setObjectName(u"firstRunManual"_s);
    m_addKey = buttons->addButton(tr("&Add a Key…"), QDialogButtonBox::ActionRole);
    m_addKey->setObjectName(u"firstRunAddKey"_s);
    // With nothing found: a way out, and the third way in besides a key and
    // a local server.
    m_addEndpoint
        = buttons->addButton(tr("Add an &OpenAI-compatible Endpoint…"), QDialogButtonBox::ActionRole);
    m_addEndpoint->setObjectName(u"firstRunAddEndpoint"_s);
    m_addEndpoint->hide();
    m_skip = buttons->addButton(tr("S&kip"), QDialogButtonBox::RejectRole);
    m_skip->setObjectName(u"firstRunSkip"_s);
    m_skip->setToolTip(tr("Close this; Providers → Find Local Servers… brings it back"));
    m_skip->hide();
    connect(m_skip, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_addEndpoint, &QPushButton::clicked, this, [this] {
        endFirstRun();
        Q_EMIT endpointRequested();
        reject();
    });
    m_start = buttons->addButton(tr("&Start Comparing"), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(u"firstRunStart"_s);
    m_start->setDefault(true);
    connect(m_rescan, &QPushButton::clicked, this, &FirstRunDialog::scan);
    connect(m_start, &QPushButton::clicked, this, &FirstRunDialog::startComparing);
    for (QPushButton *toProviders : {m_manual, m_addKey}) {
        connect(toProviders, &QPushButton::clicked, this, [this] {
            endFirstRun();
            Q_EMIT providersRequested();
            reject();
        });
    }
    connect(this, &QDialog::rejected, this, &FirstRunDialog::endFirstRun);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 20, 20, 16);
    layout->setSpacing(10);
    layout->addWidget(title);
    layout->addWidget(intro);
    layout->addWidget(m_status);
    layout->addWidget(m_busy);
    layout->addLayout(m_offerLayout);
    layout->addWidget(m_missingNote);
    layout->addWidget(m_guide);
    layout->addStretch(1);
    layout->addWidget(buttons);
    setMinimumWidth(560);

    scan();
}

FirstRunDialog::~FirstRunDialog() = default;

QCheckBox *FirstRunDialog::offerBox(const QString &providerId) const
{
    return findChild<QCheckBox *>(u"offer-"_s + providerId);
}

void FirstRunDialog::scan()
{
    const int generation = ++m_generation;
    m_offers.clear();
    m_missing.clear();
    m_clock.start();
    m_scanMs = -1;
    rebuildOffers();
    m_status->setText(tr("Looking for model servers on this computer and for keys…"));
    m_busy->show();
    m_guide->hide();
    m_start->setEnabled(false);
    m_rescan->setEnabled(false);

    // Servers first in the offers, then keys, whatever order the answers come in.
    auto *scan = new Providers::LocalServerScan(m_context.network, m_context.localServers, this);
    ++m_pending;
    connect(scan, &Providers::LocalServerScan::finished, this, [this, scan, generation] {
        scan->deleteLater();
        if (generation != m_generation)
            return;
        for (const auto &finding : scan->findings()) {
            const QString where = u"%1:%2"_s.arg(finding.provider.baseUrl.host()).arg(finding.provider.baseUrl.port());
            if (!finding.found()) {
                m_missing.append(tr("%1 (nothing answered on %2)").arg(finding.provider.displayName, where));
                continue;
            }
            const QString models = finding.models.isEmpty()
                ? tr("running, but with no models yet")
                : ProviderStatus::models(finding.models.size());
            m_offers.insert(std::ranges::count_if(m_offers, [](const Offer &o) { return o.local; }),
                            Offer{.providerId = finding.provider.id,
                                  .text = tr("%1 on %2 — %3, answered in %4")
                                              .arg(finding.provider.displayName, where, models,
                                                   Base::Units::duration(double(finding.elapsedMs))),
                                  .local = true,
                                  .models = finding.models});
        }
        --m_pending;
        finishScan();
    });

    for (const Providers::ProviderEntry &entry : m_context.registry->entries()) {
        if (!entry.needsKey())
            continue;
        ++m_pending;
        Secrets::KeyJob *job = m_context.keys->readKey(entry.config.id);
        const QString id = entry.config.id;
        const QString name = entry.config.displayName;
        connect(job, &Secrets::KeyJob::finished, this, [this, id, name, generation](const Secrets::KeyResult &r) {
            if (generation != m_generation)
                return;
            if (r.ok())
                m_offers.append({.providerId = id,
                                 .text = tr("%1 — key %2 (%3)").arg(name, r.outcome->origin.description(),
                                                                    r.outcome->masked()),
                                 .local = false,
                                 .models = {}});
            --m_pending;
            finishScan();
        });
    }
    scan->start();
}

void FirstRunDialog::finishScan()
{
    if (m_pending > 0)
        return;
    m_scanMs = m_clock.elapsed();
    m_busy->hide();
    m_rescan->setEnabled(true);
    rebuildOffers();
    const bool found = !m_offers.isEmpty();
    m_status->setText(
        found ? tr("Found in %1 — untick what you do not want to use:")
                    .arg(Base::Units::duration(double(m_scanMs)))
              : tr("Looked for Ollama, LM Studio and a llama.cpp server on this computer, and for "
                   "API keys in the environment and the keychain."));
    m_missingNote->setText(m_missing.isEmpty() ? QString() : tr("Not found: %1.").arg(m_missing.join(u"; "_s)));
    m_missingNote->setVisible(!m_missing.isEmpty() && found);
    m_guide->setVisible(!found);
    m_start->setVisible(found);
    m_start->setEnabled(found);
    m_manual->setVisible(found);
    m_addKey->setVisible(!found);
    m_addEndpoint->setVisible(!found);
    m_skip->setVisible(!found);
    QPushButton *next = found ? m_start : m_addKey;
    next->setDefault(true);
    next->setFocus(); // Enter takes the way onward
    adjustSize();
    // Centred on the main window again: the new size grew from the old top-left.
    if (QWidget *over = parentWidget() ? parentWidget()->window() : nullptr)
        move(over->geometry().center() - QPoint(width() / 2, height() / 2));
    Q_EMIT scanFinished();
}

void FirstRunDialog::rebuildOffers()
{
    qDeleteAll(m_boxes);
    m_boxes.clear();
    for (const Offer &offer : std::as_const(m_offers)) {
        auto *box = new QCheckBox(offer.text, this);
        box->setObjectName(u"offer-"_s + offer.providerId);
        box->setChecked(true);
        connect(box, &QCheckBox::toggled, this, [this] {
            m_start->setEnabled(std::ranges::any_of(m_boxes, [](const QCheckBox *b) { return b->isChecked(); }));
        });
        m_offerLayout->addWidget(box);
        m_boxes.append(box);
    }
}

void FirstRunDialog::startComparing()
{
    if (isScanning())
        return;
    QHash<QString, bool> enabled;
    QStringList chosen;
    for (const Providers::ProviderEntry &entry : m_context.registry->entries()) {
        if (entry.preset)
            enabled.insert(entry.config.id, false); // built-in providers not found stay out of the pickers
    }
    for (const Offer &offer : std::as_const(m_offers)) {
        const QCheckBox *box = offerBox(offer.providerId);
        if (!box || !box->isChecked())
            continue;
        enabled.insert(offer.providerId, true);
        chosen.append(offer.providerId);
        if (offer.local)
            (void)m_context.registry->setModels(offer.providerId, offer.models);
    }
    if (const auto saved = m_context.registry->setEnabled(enabled); !saved) {
        m_status->setText(tr("Could not keep the choice: %1").arg(saved.error()));
        return;
    }
    const QStringList models = Providers::AvailableModels::starters(
        Providers::AvailableModels::list(*m_context.registry, m_context.catalog), chosen, 2);
    accept();
    Q_EMIT comparisonRequested(models);
}

void FirstRunDialog::endFirstRun()
{
    if (m_context.registry->isFirstRun())
        (void)m_context.registry->finishFirstRun();
}

} // namespace Switchyard::ProvidersUi
